// A whole process that only counts a file's tokens with gpt-tokenizer (o200k_base): the baseline
// for the command line's cold start. Plain CommonJS, so nothing but Node and gpt-tokenizer loads.
// Usage: node bench/bareCount.cjs <file>
const { readFileSync } = require('node:fs');
const { countTokens } = require('gpt-tokenizer/encoding/o200k_base');

process.stdout.write(`${countTokens(readFileSync(process.argv[2], 'utf8'))}\n`);
