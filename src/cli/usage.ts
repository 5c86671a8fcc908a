/** Help texts of the command-line tool, one per command. */
export const COMMANDS = ['analyze', 'simulate', 'check'] as const;
export type CommandName = (typeof COMMANDS)[number];

const COMMON = `Common options:
  --model <name>      count and cache for this model instead of the file's own
  --max-size <MB>     refuse files larger than this (default 20)
  --debug             show the stack of unexpected errors
  -h, --help          show this help`;

export const MAIN_USAGE = `Usage: prompt-cache-lens <command> [options]

See where an LLM prompt cache stops: exact tokens, the cacheable prefix and the cache breakers.

Commands:
  analyze <file>               report on one prompt file
  simulate <file>...           predict cached_tokens for the files sent as requests in order
  check <paths or globs>...    fail (exit 1) on error findings, for CI
  simulator [--port N] ...     run a simulated OpenAI-compatible endpoint (simulated numbers)
Options:
  -h, --help       show this help (or: prompt-cache-lens <command> --help)
  -v, --version    show the version

Exit codes: 0 ok, 1 check failed, 2 bad usage or input (or no provider count), 3 internal error.
`;

export const COMMAND_USAGE: Record<CommandName, string> = {
  analyze: `Usage: prompt-cache-lens analyze <file> [--model M] [--json] [--verbose] [--count-with-provider [--count-base-url URL]]

Prompt tokens, the static prefix, the tokens the provider caches (minimum and rounding), where
the cache stops and why, segments, findings and cost.

  --json                  print the analysis as JSON
  --verbose               give each reason a count is an estimate in full, under its one-line headline
  --count-with-provider   also ask the provider to count each prompt (free, no completion):
                          OpenAI's responses/input_tokens, or Anthropic's messages/count_tokens for
                          Claude models; keys from OPENAI_API_KEY / ANTHROPIC_API_KEY, hosts from
                          OPENAI_BASE_URL / ANTHROPIC_BASE_URL when set. Shown as "Tokens" (JSON:
                          providerCount). When no count comes back, the offline analysis is still
                          printed and the reason goes to stderr with exit code 2
  --count-base-url <URL>  send the counts there instead (e.g. prompt-cache-lens simulator's
                          http://127.0.0.1:8787/v1; its answers are labelled simulated); no key
                          is needed there unless the server asks for one
${COMMON}
`,
  simulate: `Usage: prompt-cache-lens simulate <file>... [--interval S] [--key K] [--as-written] [--json]

Sends the files as requests in the order given, S seconds apart, and predicts cached_tokens for
each by the provider's documented rules (minimum, rounding, retention, routing, overflow). A
Python, TypeScript or JavaScript file sends each LLM call it makes, in the order they appear.
What changes per request (template variables, timestamps, ids, datetime.now()) differs in every
request, as in production: nothing after it is read from the cache.

  --interval <S>      seconds between requests (default 0)
  --key <K>           prompt_cache_key for every request (default: each file's own)
  --as-written        send every request exactly as written (the best case)
  --json              print {"requests": [...]} as JSON
${COMMON}
`,
  check: `Usage: prompt-cache-lens check <files, folders or globs>... [--min-cacheable N] [--format text|json|sarif|github] [--json]

Exits 1 when a file has an error finding or caches fewer than N tokens; 0 otherwise. Quote globs
('prompts/**/*.prompty') to let the tool expand them; files a glob matches that are not prompt
files (other JSON or YAML) are skipped. A folder is searched for prompt files, JSON and YAML
requests and source files with LLM calls (not .md or .txt, hidden folders, node_modules or venv).

  --min-cacheable <N> fail files whose cacheable tokens are below N
  --format <f>        text (default), json, sarif (SARIF 2.1.0 for code scanning), or github
                      (GitHub Actions annotations on the findings' lines, then the sizes)
  --json              the same as --format json
${COMMON}
`,
};

export const SIMULATOR_USAGE = `Usage: prompt-cache-lens simulator [--port N] [--seed S] [--fault SPEC]... [--require-key KEY]
                                  [--cached-tokens always|omit-when-zero|never] [--models a,b]
                                  [--max-body-mb N] [--cache-entries N] [--cache-tokens N]

Serves an OpenAI-compatible endpoint (Chat Completions, Responses, responses/input_tokens) and
Anthropic's Messages API (messages, messages/count_tokens) on 127.0.0.1 whose usage reports what
the cache model predicts. Numbers are simulated. Stops on Ctrl+C. A busy or invalid port exits 2.

  --port <N>           port to listen on (default 8787)
  --seed <S>           seed for random faults
  --fault <SPEC>       latency=MS, chunk-interval=MS, 429|500|drop|malformed=TRIGGER, retry-after-ms=MS;
                       TRIGGER is every:N, first:N, rate:R or at:N+M (500 is 529 overloaded on Anthropic routes)
  --require-key <KEY>  answer 401 unless this API key is sent
  --cached-tokens <m>  always (default), omit-when-zero or never report cached_tokens
  --models <a,b>       model names the endpoint lists
  --max-body-mb <N>    larger request bodies get 413 (default 32)
  --cache-entries <N>  cache entries kept, least recently used dropped first (default 10000)
  --cache-tokens <N>   token ids the cache holds at most (default 50000000)
`;
