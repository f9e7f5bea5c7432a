"""initial schema: profiles, workout sessions, sets, rep and hold events, calibration samples, model versions,
the XP ledger and badges

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:49:23.946029
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("architecture", sa.String(length=40), nullable=False),
        sa.Column("data", sa.String(length=40), nullable=False),
        sa.Column("feature_spec", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("accuracy", sa.Float(), nullable=True),
        sa.Column("incumbent_accuracy", sa.Float(), nullable=True),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
    )
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_model_versions_one_active",
            ["active"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("name", name=op.f("uq_profiles_name")),
    )
    op.create_table(
        "calibration_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=40), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
        sa.Column("detected_frames", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Float(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("landmarks", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_calibration_samples_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_samples")),
    )
    with op.batch_alter_table("calibration_samples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calibration_samples_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "workout_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("plan_name", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "running", "completed", "aborted", "interrupted", name="sessionstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("owner_host", sa.String(length=255), nullable=False),
        sa.Column("owner_pid", sa.Integer(), nullable=False),
        sa.Column("owner_started", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_workout_sessions_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workout_sessions")),
    )
    with op.batch_alter_table("workout_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workout_sessions_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_workout_sessions_started_at"), ["started_at"], unique=False)

    op.create_table(
        "badges_earned",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("badge_id", sa.String(length=80), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("earned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_badges_earned_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_badges_earned_session_id_workout_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badges_earned")),
        sa.UniqueConstraint("profile_id", "badge_id", name=op.f("uq_badges_earned_profile_id")),
    )
    with op.batch_alter_table("badges_earned", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_badges_earned_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "set_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=40), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=True),
        sa.Column("target_seconds", sa.Float(), nullable=True),
        sa.Column("achieved_reps", sa.Integer(), nullable=False),
        sa.Column("achieved_seconds", sa.Float(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_set_results_session_id_workout_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_results")),
        sa.UniqueConstraint("session_id", "position", name=op.f("uq_set_results_session_id")),
    )
    with op.batch_alter_table("set_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_set_results_session_id"), ["session_id"], unique=False)

    op.create_table(
        "xp_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_xp_events_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_xp_events_session_id_workout_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xp_events")),
    )
    with op.batch_alter_table("xp_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_xp_events_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_xp_events_session_id"), ["session_id"], unique=False)

    op.create_table(
        "hold_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=40), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("end_s", sa.Float(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_hold_events_session_id_workout_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["set_results.id"], name=op.f("fk_hold_events_set_id_set_results"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold_events")),
    )
    with op.batch_alter_table("hold_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hold_events_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hold_events_set_id"), ["set_id"], unique=False)

    op.create_table(
        "rep_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("end_s", sa.Float(), nullable=False),
        sa.Column("eccentric_s", sa.Float(), nullable=False),
        sa.Column("concentric_s", sa.Float(), nullable=False),
        sa.Column("range_of_motion", sa.Float(), nullable=False),
        sa.Column("quality", sa.Float(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workout_sessions.id"],
            name=op.f("fk_rep_events_session_id_workout_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"], ["set_results.id"], name=op.f("fk_rep_events_set_id_set_results"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rep_events")),
    )
    with op.batch_alter_table("rep_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rep_events_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rep_events_set_id"), ["set_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rep_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rep_events_set_id"))
        batch_op.drop_index(batch_op.f("ix_rep_events_session_id"))

    op.drop_table("rep_events")
    with op.batch_alter_table("hold_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hold_events_set_id"))
        batch_op.drop_index(batch_op.f("ix_hold_events_session_id"))

    op.drop_table("hold_events")
    with op.batch_alter_table("xp_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_xp_events_session_id"))
        batch_op.drop_index(batch_op.f("ix_xp_events_profile_id"))

    op.drop_table("xp_events")
    with op.batch_alter_table("set_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_set_results_session_id"))

    op.drop_table("set_results")
    with op.batch_alter_table("badges_earned", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badges_earned_profile_id"))

    op.drop_table("badges_earned")
    with op.batch_alter_table("workout_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workout_sessions_started_at"))
        batch_op.drop_index(batch_op.f("ix_workout_sessions_profile_id"))

    op.drop_table("workout_sessions")
    with op.batch_alter_table("calibration_samples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calibration_samples_profile_id"))

    op.drop_table("calibration_samples")
    op.drop_table("profiles")
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_model_versions_one_active", sqlite_where=sa.text("active"), postgresql_where=sa.text("active")
        )

    op.drop_table("model_versions")
