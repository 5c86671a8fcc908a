from agents import Agent, Runner, function_tool, set_default_openai_api, tool_namespace

set_default_openai_api("chat_completions")


@function_tool
def get_customer_profile(customer_id: str) -> str:
    """Look up a customer's profile by id."""
    return "..."


@function_tool
def weather(city: str) -> str:
    """Today's weather in a city."""
    return "sunny"


agent = Agent(
    name="Ops",
    instructions="Use the CRM tools to answer questions about customers.",
    model="gpt-4.1",
    tools=[weather, *tool_namespace(name="crm", description="CRM tools", tools=[get_customer_profile])],
)

result = Runner.run_sync(agent, "What is customer 42's plan?")
