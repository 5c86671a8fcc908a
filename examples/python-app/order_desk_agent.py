"""An order desk on the OpenAI Agents SDK: an agent with tools that hands returns to another agent.

Prompt Cache Lens counts the first request of each run as the SDK sends it: the instructions, the
`@function_tool` schemas the SDK writes from the functions' signatures and docstrings, and a
`transfer_to_returns_desk` tool for the handoff. The instructions put the customer's name before
the 1,000-token policy, so the cached prefix ends at the name: every customer pays for the whole
policy again. Greet the customer from the input instead.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from agents import Agent, ModelSettings, RunContextWrapper, Runner, function_tool

POLICY = (Path(__file__).parent / "prompts" / "order_desk.md").read_text(encoding="utf-8")


@dataclass
class Customer:
    name: str
    email: str


@function_tool
def lookup_order(order_number: Optional[str] = None, email: Optional[str] = None) -> str:
    """Look up a customer's orders.

    Args:
        order_number: The order number, as printed on the confirmation email (NW-123456).
        email: The email address the order was placed with, when there is no order number.
    """
    return "NW-204711: shipped on May 3, 2 items, 84.90 EUR"


@function_tool
def check_stock(product_code: str, size: Optional[str] = None, colour: Optional[str] = None) -> str:
    """Check how many items of a product are in stock.

    Args:
        product_code: The six-character product code, e.g. JKT-041.
        size: The size, as the product page writes it.
        colour: The colour, as the product page writes it.
    """
    return "12 in stock"


@function_tool
def change_delivery(order_number: str, speed: Literal["standard", "express"]) -> str:
    """Change the delivery speed of an order that is still processing."""
    return "changed"


returns_desk = Agent(
    name="Returns desk",
    handoff_description="Returns, exchanges and refunds of delivered orders.",
    instructions="You handle returns, exchanges and refunds of Northwind Outfitters orders.",
    model="gpt-4.1-mini",
)


def order_desk_instructions(context: RunContextWrapper[Customer], agent: Agent[Customer]) -> str:
    return f"The customer is {context.context.name}.\n\n{POLICY}"


order_desk = Agent[Customer](
    name="Order desk",
    instructions=order_desk_instructions,
    tools=[lookup_order, check_stock, change_delivery],
    handoffs=[returns_desk],
    model="gpt-4.1-mini",
    model_settings=ModelSettings(temperature=0.2),
)


async def answer(customer: Customer, message: str) -> str:
    result = await Runner.run(order_desk, message, context=customer)
    return result.final_output
