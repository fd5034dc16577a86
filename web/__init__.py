"""HTTP and HTML edge: the FastAPI app, the JSON API and the side panel."""
