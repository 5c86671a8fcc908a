"""A product expert on Claude: the manual is marked with cache_control, so it is cached; the
request id in the user message changes every time, but it comes after the breakpoint, where it
costs nothing."""
import uuid

import anthropic

client = anthropic.Anthropic()

KNOWLEDGE_BASE = """Section 1. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 2. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 3. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 4. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 5. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 6. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 7. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 8. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 9. The knowledge base holds product manuals, release notes and support articles. Search it before answering, cite the article id of every fact you use, and prefer the newest article when two disagree. Articles older than two years describe discontinued products unless they say otherwise; mention that when you cite one. Never invent an article id, a version number or a date.

Section 10. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 11. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 12. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 13. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 14. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 15. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 16. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 17. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not.

Section 18. Warranty claims need the serial number printed under the battery cover or on the box. Devices bought from a reseller are covered when the reseller is on the authorised list; otherwise point the customer to the reseller. Repairs take ten working days; a replacement ships within three days when the model is in stock, and a refund is offered when it is not."""


def ask(question: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        system=[
            {"type": "text", "text": "You answer questions about Northwind products."},
            {"type": "text", "text": KNOWLEDGE_BASE, "cache_control": {"type": "ephemeral"}},
        ],
        messages=[{"role": "user", "content": f"Request {uuid.uuid4()}: {question}"}],
    )
    return message.content[0].text
