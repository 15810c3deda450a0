"""Slack channel export JSON: one day's file (a list of messages) into timeline candidates.

A Slack export is a folder with one JSON file per channel and day; each file is a list
of messages with ``ts`` (Unix seconds as a string), ``user`` / ``user_profile`` /
``user_name``, and ``text`` in Slack's markup. Mentions (``<@U123>``), channel
links (``<#C1|name>``), specials (``<!here>``) and links (``<http://x|label>``) are
reduced to plain text, and Slack's ``&amp;``/``&lt;``/``&gt;`` escapes undone.
"""

from __future__ import annotations

import json
import re
from typing import Any

from desktop_app.domain.models import TimePrecision
from desktop_app.formats.raw_candidate import Candidate, Progress, Ticker, epoch_instant

_MARKUP = re.compile(r"<(?P<body>[^<>\n]+)>")
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def slack_messages(text: str) -> list[dict[str, Any]] | None:
    """The messages of a Slack export file, or ``None`` when ``text`` is not one."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        data = data.get("messages")
    if not isinstance(data, list) or not data:
        return None
    if not all(isinstance(m, dict) and "ts" in m for m in data):
        return None
    return data


def _actor(message: dict[str, Any], names: dict[str, str]) -> str:
    profile = message.get("user_profile")
    bot = message.get("bot_profile")
    profile = profile if isinstance(profile, dict) else {}
    bot = bot if isinstance(bot, dict) else {}
    for value in (
        profile.get("real_name"),
        profile.get("display_name"),
        message.get("user_name"),
        message.get("username"),
        bot.get("name"),
        names.get(str(message.get("user", ""))),
        message.get("user"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _user_names(messages: list[dict[str, Any]]) -> dict[str, str]:
    """User id -> the best name any message of the file gives for it."""
    names: dict[str, str] = {}
    for message in messages:
        user = message.get("user")
        if isinstance(user, str) and user not in names:
            name = _actor({k: v for k, v in message.items() if k != "user"}, {})
            if name:
                names[user] = name
    return names


def plain_slack_text(text: str, names: dict[str, str] | None = None) -> str:
    """Slack markup reduced to plain text (mentions, channels, links, escapes)."""
    names = names or {}

    def replace(m: re.Match[str]) -> str:
        body = m.group("body")
        target, _bar, label = body.partition("|")
        if target.startswith("@"):
            user = target[1:]
            return "@" + (label or names.get(user, user))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            if label:
                return label
            key = target[1:].split("^", 1)[0]
            return _SPECIAL.get(key, "@" + key)
        if label and label != target:
            return f"{label} ({target})"
        return target.removeprefix("mailto:")

    plain = _MARKUP.sub(replace, text)
    return plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _extra_text(message: dict[str, Any]) -> str:
    """Text for a message whose body is empty: its files or attachments."""
    parts: list[str] = []
    for file in message.get("files") or []:
        if isinstance(file, dict) and (file.get("title") or file.get("name")):
            parts.append(f"(file: {file.get('title') or file.get('name')})")
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            value = attachment.get("fallback") or attachment.get("text") or attachment.get("title")
            if isinstance(value, str) and value.strip():
                parts.append(value.strip())
    return "\n".join(parts)


def read_slack(
    messages: list[dict[str, Any]], *, source: str, progress: Progress | None = None
) -> tuple[list[Candidate], int]:
    """Candidates for Slack messages, in file order; and how many were empty (skipped)."""
    names = _user_names(messages)
    ticker = Ticker(progress, len(messages))
    out: list[Candidate] = []
    skipped = 0
    for number, message in enumerate(messages, start=1):
        ticker.tick(number)
        raw = str(message.get("ts", ""))
        body = message.get("text")
        text = plain_slack_text(body, names) if isinstance(body, str) else ""
        if not text.strip():
            text = plain_slack_text(_extra_text(message), names)
        if not text.strip():
            skipped += 1
            continue
        instant = epoch_instant(raw.split(".", 1)[0])  # the fraction only makes ts unique
        out.append(
            Candidate(
                line=number,
                occurred_at=instant,
                raw_time=raw,
                precision=TimePrecision.SECOND,
                actor=_actor(message, names),
                text=text,
                source=source,
                problem="" if instant else f"'{raw}' is not a Slack time stamp (Unix seconds)",
            )
        )
    ticker.check(len(messages))
    return out, skipped
