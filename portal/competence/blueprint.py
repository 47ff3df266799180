"""The competence pages' blueprint, shared by ``routes`` (competences, requirements, coverage)
and ``record_routes`` (records, evidence, submissions, corrections)."""

from flask import Blueprint

bp = Blueprint("competence", __name__, template_folder="templates", url_prefix="/competence")
