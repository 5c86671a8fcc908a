"""A research assistant on the Responses API. The instructions greet the user by name before the
style guide, so every user gets a different prefix and the guide is never read from the cache."""
from openai import OpenAI

from .prompts import BRIEF_TEMPLATE, STYLE_GUIDE

client = OpenAI()


def brief(user_name: str, topic: str) -> str:
    instructions = "You write research briefs for " + user_name + ".\n\n"
    instructions += STYLE_GUIDE
    response = client.responses.create(
        model="gpt-4.1",
        instructions=instructions,
        input=BRIEF_TEMPLATE.format(audience="product managers", topic=topic),
        prompt_cache_key="research-brief",
    )
    return response.output_text
