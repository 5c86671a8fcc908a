"""A LangChain helpdesk: the same triage instructions, sent through ChatOpenAI.

Prompt Cache Lens treats `llm.invoke(...)` on a LangChain chat model as the Chat Completions
request LangChain sends, so the cacheable prefix and the breakers show here as for the SDK.
"""
from datetime import datetime
from pathlib import Path

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

INSTRUCTIONS = (Path(__file__).parent / "prompts" / "triage.md").read_text(encoding="utf-8")
llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)


def answer(message: str) -> str:
    reply = llm.invoke(
        [
            # The time written first changes every request, so nothing after it is read from the cache.
            SystemMessage(content=f"Now: {datetime.now():%H:%M}.\n\n{INSTRUCTIONS}"),
            HumanMessage(content=message),
        ]
    )
    return str(reply.content)
