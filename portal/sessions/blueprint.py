"""The blueprint of the sessions pages, shared by ``routes`` (the list, a session, creating and
changing one, the calendar file), ``seat_routes`` (signing up, booking, approving, cancelling)
and ``attendance_routes`` (marking attendance, the print view)."""

from flask import Blueprint

bp = Blueprint("sessions", __name__, template_folder="templates", url_prefix="/sessions")
