"""Support triage: the instructions live in prompts/triage.md and the answer is a pydantic model.

Prompt Cache Lens reads the prompt file the code opens and counts the JSON schema the openai SDK
sends for `Triage`, so the count and the cache boundary are those of the real request.
"""
from enum import Enum
from pathlib import Path
from typing import Literal

from openai import OpenAI
from pydantic import BaseModel, Field

client = OpenAI()
INSTRUCTIONS = (Path(__file__).parent / "prompts" / "triage.md").read_text(encoding="utf-8")


class Category(str, Enum):
    BILLING = "billing"
    SHIPPING = "shipping"
    ACCOUNT = "account"
    PRODUCT = "product"
    COMPLAINT = "complaint"
    LEGAL = "legal"


class Triage(BaseModel):
    """How the support desk should handle one message."""

    category: Category
    urgency: Literal["high", "normal", "low"]
    summary: str = Field(description="One sentence for the agent, under 25 words.")


def triage(message: str) -> Triage:
    completion = client.chat.completions.parse(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": message},
        ],
        response_format=Triage,
    )
    return completion.choices[0].message.parsed
