"""The shared store of tokens and feedback (SQLite by default, any SQLAlchemy URL by setting).

    db = open_database(settings)            # lazy: nothing opened until first use
    tokens, feedback = TokenStore(db), FeedbackStore(db)
"""

from copilot.storage._db import Database, database_url, dispose_engines, open_database
from copilot.storage.feedback import TARGETS, VOTES, FeedbackNotFound, FeedbackRecord, FeedbackStore
from copilot.storage.panel_tokens import sign_panel_token, verify_panel_token
from copilot.storage.tokens import ALL_SPACES, ROLES, TokenNotFound, TokenRecord, TokenStore

__all__ = [
    "ALL_SPACES", "Database", "FeedbackNotFound", "FeedbackRecord", "FeedbackStore", "ROLES", "TARGETS",
    "TokenNotFound", "TokenRecord", "TokenStore", "VOTES", "database_url", "dispose_engines",
    "open_database", "sign_panel_token", "verify_panel_token",
]
