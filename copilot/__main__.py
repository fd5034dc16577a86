from copilot.cli import app

app()
