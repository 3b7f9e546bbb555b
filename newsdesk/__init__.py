"""newsdesk: an open-source news platform for multilingual newsrooms."""

__version__ = "0.1.0"
