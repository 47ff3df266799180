"""``portal content sync [--check]``: validate ``courses/``, ``quizzes/`` and ``documents/`` and
load them. Features above the catalogue that keep content of their own (documents) add a step
to ``app.extensions["portal.content_steps"]``: ``step(session, content) -> lines``, run in the
same transaction, raising :class:`portal.content.Refused` to load nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.clock import today
from portal.db import new_session


def content_root() -> Path:
    """The folder holding ``courses/`` and ``quizzes/``: ``CONTENT_ROOT``, or the checkout."""
    configured = current_app.config.get("CONTENT_ROOT")
    return Path(configured) if configured else Path(current_app.root_path).parent


@click.group("content", help="Content in courses/, quizzes/ and documents/.")
def content_group() -> None:
    pass


@content_group.command(
    "sync",
    help="Validate courses/, quizzes/ and documents/ and load them in one "
    "transaction; bad content loads nothing.",
)
@click.option("--check", is_flag=True, help="Only validate; load nothing.")
@with_appcontext
def content_sync(check: bool) -> None:
    from portal import content
    from portal.catalog.operations import sync_content
    from portal.content import Refused

    loaded = content.load(content_root(), today=today())
    if loaded.problems:
        for problem in loaded.problems:
            click.echo(problem, err=True)
        click.echo(f"{len(loaded.problems)} problem(s); nothing loaded.", err=True)
        sys.exit(1)
    for warning in loaded.warnings:
        click.echo(warning, err=True)
    lessons = sum(len(course.lessons) for course in loaded.courses)
    if check:
        click.echo(
            f"{len(loaded.courses)} courses with {lessons} lessons, "
            f"{sum(len(b.questions) for b in loaded.banks.values())} questions and "
            f"{len(loaded.documents)} documents are valid "
            "(check only, nothing loaded)."
        )
        return
    with new_session() as session:
        result = sync_content(session, loaded)
        try:
            lines = [
                line
                for step in current_app.extensions.get("portal.content_steps", [])
                for line in step(session, loaded)
            ]
        except Refused as refused:
            for problem in refused.problems:
                click.echo(problem, err=True)
            click.echo(f"{len(refused.problems)} problem(s); nothing loaded.", err=True)
            sys.exit(1)
        session.commit()
    for line in lines:
        click.echo(line)
    for code in result.created_competences:
        click.echo(f"created competence {code}")
    click.echo(
        f"{result.courses} courses ({result.changed} changed), {result.lessons} lessons "
        f"and {result.questions} questions loaded."
    )
