"""govaudit: audit crawler for Kazakhstan's state-body websites and open-government portals."""

__version__ = "0.1.0"
