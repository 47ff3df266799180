"""Quizzes: attempts drawn and stored on the server, graded once."""

from __future__ import annotations

from flask import Flask

from portal.catalog.queries import answer_open_attempts


def init_app(app: Flask) -> None:
    from portal.quiz import queries
    from portal.quiz.routes import bp

    app.register_blueprint(bp)
    answer_open_attempts(app, queries.open_course_ids)
