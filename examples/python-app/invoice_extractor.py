"""Invoice extraction with instructor: the answer is a pydantic model, sent as a forced tool call.

instructor turns `response_model=Invoice` into a function tool named `Invoice` (its docstring as
the description, its schema as the parameters) and a `tool_choice` that forces it. Prompt Cache
Lens counts that tool with the messages, as instructor sends it: the tool comes first in the
prompt, so it is part of the cached prefix.
"""
from typing import Literal, Optional

import instructor
from openai import OpenAI
from pydantic import BaseModel, Field

client = instructor.from_openai(OpenAI())

RULES = """You extract invoices for the accounts payable team.

Rules:
- Copy the invoice number exactly as printed, with its prefix.
- Amounts are numbers without currency symbols or thousands separators.
- Dates are ISO 8601 (YYYY-MM-DD); when only a month is printed, use its first day.
- A line item is one row of the invoice table; skip subtotal and tax rows.
- When the vendor's VAT number is missing, leave it empty rather than guessing.
- Never invent line items that are not printed on the invoice.
"""


class LineItem(BaseModel):
    description: str
    quantity: float
    unit_price: float
    vat_rate: Optional[float] = Field(default=None, description="The VAT rate as a fraction, 0.2 for 20%")


class Invoice(BaseModel):
    """An invoice as printed, with its line items."""

    number: str = Field(description="The invoice number, exactly as printed")
    vendor: str
    vendor_vat_number: Optional[str] = None
    issued: str = Field(description="The issue date, YYYY-MM-DD")
    currency: Literal["EUR", "USD", "GBP"]
    items: list[LineItem]
    total: float


def extract(invoice_text: str) -> Invoice:
    return client.chat.completions.create(
        model="gpt-4o-mini",
        response_model=Invoice,
        max_retries=2,
        messages=[
            {"role": "system", "content": RULES},
            {"role": "user", "content": invoice_text},
        ],
    )
