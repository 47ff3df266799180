"""The demo organisation (CONTRACT.md, "Demo organisation and accounts"). It sits above every
feature and builds its data through their operations."""

from portal.demo.organisation import load

__all__ = ["load"]
