"""Literal aliases and wire payload shapes shared across edged."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

RouteName = Literal["local", "cloud"]
RoutePolicy = Literal["auto", "local", "cloud"]
PrivacyMode = Literal["auto", "strict"]
PressureLevel = Literal["ok", "elevated", "critical"]
NetworkState = Literal["up", "degraded", "down", "unknown"]
ProviderMismatch = Literal["error", "fallback"]
OfflinePolicy = Literal["best_effort", "strict"]
LogFormat = Literal["auto", "plain", "journal", "json"]
FinishReason = Literal["stop", "length", "cancelled", "error"]


class ChatMessage(TypedDict):
    role: str
    content: str


class Usage(TypedDict, total=False):
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


JSONObject = dict[str, Any]
