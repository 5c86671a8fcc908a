"""Answers questions about the quarter's revenue chart, sent with every question.

The chart is read from disk and sent inline as base64, the way OpenAI's vision guide writes it.
Prompt Cache Lens counts it at its pixel size, so the status bar shows whether the system
message and the chart together clear the 1,024-token cache minimum before the question.
"""
import base64
from pathlib import Path

from openai import OpenAI

client = OpenAI()
HERE = Path(__file__).parent


def encode_image(image_path: Path) -> str:
    with open(image_path, "rb") as image_file:
        return base64.b64encode(image_file.read()).decode("utf-8")


CHART = encode_image(HERE / "images" / "q3-revenue.png")


def ask(question: str):
    return client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[
            {
                "role": "system",
                "content": "You answer questions about the attached revenue chart for the finance team. "
                "Quote figures as the chart shows them and say when the chart does not answer the question.",
            },
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "This is the revenue chart for the quarter, one bar per month."},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{CHART}"}},
                ],
            },
            {"role": "user", "content": question},
        ],
    )
