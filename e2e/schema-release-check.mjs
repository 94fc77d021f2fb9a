// The breaking-change check: every breaking change between released schemas, and from the
// newest release to schema.graphqls, must be announced in CHANGELOG.md.
//   node e2e/schema-release-check.mjs [repository directory]    (default: this script's ../)
// It reads <dir>/CHANGELOG.md, <dir>/docs/schema/<X.Y.Z>.graphqls (the released schemas, kept in
// the repository because tags may not travel) and <dir>/schema.graphqls (the [Unreleased] one).
// For each step, oldest to newest, graphql-inspector's diff lists the changes; each BREAKING one
// must have its coordinate (the inspector's path, such as `User.email` or `Query.user.id`) named
// exactly in the `### Breaking` list of the section the step ships in. docs/schema-releases.md
// says how to release and announce. Exit code 0: all announced; 1: the check failed; 2: usage.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, validateSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';

const args = process.argv.slice(2);
if (args.length > 1 || args[0]?.startsWith('-')) {
  console.error('usage: node schema-release-check.mjs [repository directory]');
  process.exit(2);
}
const root = resolve(args[0] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const changelogFile = join(root, 'CHANGELOG.md');
const releasesDir = join(root, 'docs', 'schema');
const currentFile = join(root, 'schema.graphqls');
for (const path of [changelogFile, releasesDir, currentFile]) {
  if (!existsSync(path)) {
    console.error(`schema release check: ${path} is missing`);
    process.exit(2);
  }
}

const UNRELEASED = 'Unreleased';
const problems = [];

// Versions are X.Y.Z; compared numerically, so 1.10.0 comes after 1.9.0.
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
const compareVersions = (a, b) => {
  const [x, y] = [a, b].map((v) => v.match(VERSION).slice(1).map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

// The GraphQL spec's schema coordinates name an argument `Query.user(id:)` or `@foo(bar:)`;
// graphql-inspector's paths say `Query.user.id` and `@foo.bar`. Either form is accepted.
const inspectorPath = (coordinate) => coordinate.replace(/\((\w+):\)$/, '.$1');

// CHANGELOG.md: `## [Unreleased]` and `## [X.Y.Z] - YYYY-MM-DD` sections, newest first. The
// coordinates a section announces are the backticked names that open an item of its
// `### Breaking` list, before a colon: "- `User.email`, `User.name`: ...". Other items there
// (a change in meaning that names no coordinate) are allowed and demand nothing.
function readChangelog(text) {
  const sections = [];
  let section = null;
  let inBreaking = false;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (/^##\s/.test(line)) {
      const heading = line.match(/^##\s+\[([^\]]+)\](?:\s+-\s+(\d{4}-\d{2}-\d{2}))?\s*$/);
      if (!heading || (heading[1] !== UNRELEASED && !(VERSION.test(heading[1]) && heading[2]))) {
        problems.push(
          `CHANGELOG.md line ${index + 1}: "${line}" is not "## [${UNRELEASED}]" or "## [X.Y.Z] - YYYY-MM-DD"`,
        );
        section = null;
      } else {
        section = { name: heading[1], line: index + 1, announced: new Set(), breakingItems: 0 };
        sections.push(section);
      }
      inBreaking = false;
    } else if (/^###\s/.test(line)) {
      inBreaking = /^###\s+Breaking\s*$/.test(line);
    } else if (section && inBreaking && /^\s*[-*]\s/.test(line)) {
      section.breakingItems++;
      const lead = line.match(/^\s*[-*]\s+((?:`[^`]+`\s*,?\s*)+):/);
      for (const [, coordinate] of lead ? lead[1].matchAll(/`([^`]+)`/g) : []) {
        section.announced.add(inspectorPath(coordinate.trim()));
      }
    }
  }
  return sections;
}

const sections = readChangelog(await readFile(changelogFile, 'utf8'));
const byName = new Map();
for (const section of sections) {
  if (byName.has(section.name)) {
    problems.push(`CHANGELOG.md line ${section.line}: a second "## [${section.name}]" section`);
  }
  byName.set(section.name, section);
}
if (sections[0]?.name !== UNRELEASED) {
  problems.push(`CHANGELOG.md: the first section must be "## [${UNRELEASED}]" (what schema.graphqls adds)`);
}
const releasedInChangelog = sections.map((s) => s.name).filter((name) => name !== UNRELEASED);
const newestFirst = [...releasedInChangelog].sort((a, b) => compareVersions(b, a));
if (releasedInChangelog.join() !== newestFirst.join()) {
  problems.push(`CHANGELOG.md: releases must be listed newest first (${newestFirst.join(', ')})`);
}

// docs/schema/: one <X.Y.Z>.graphqls per release section, and nothing else of that kind.
const releasedFiles = [];
for (const name of (await readdir(releasesDir)).filter((f) => f.endsWith('.graphqls')).sort()) {
  const version = name.slice(0, -'.graphqls'.length);
  if (VERSION.test(version)) {
    releasedFiles.push(version);
  } else {
    problems.push(`docs/schema/${name}: a released schema is named <X.Y.Z>.graphqls`);
  }
}
for (const version of releasedFiles.filter((v) => !byName.has(v))) {
  problems.push(
    `docs/schema/${version}.graphqls has no "## [${version}] - YYYY-MM-DD" section in CHANGELOG.md`,
  );
}
for (const version of releasedInChangelog.filter((v) => !releasedFiles.includes(v))) {
  problems.push(
    `CHANGELOG.md's "## [${version}]" has no docs/schema/${version}.graphqls (copy the schema.graphqls it released)`,
  );
}

async function load(file, label) {
  try {
    const schema = buildSchema(await readFile(file, 'utf8'));
    const errors = validateSchema(schema);
    if (errors.length > 0) {
      throw new Error(errors.map((e) => e.message).join('; '));
    }
    return schema;
  } catch (error) {
    problems.push(`${label} is not a valid schema: ${error.message}`);
    return null;
  }
}

// Oldest to newest: each release against the one before it, then schema.graphqls against the
// newest release. Only versions present both as a file and as a section are compared.
const versions = releasedFiles.filter((v) => byName.has(v)).sort(compareVersions);
if (versions.length === 0) {
  problems.push('no release to compare schema.graphqls with: docs/schema/ and CHANGELOG.md need at least one');
}
const steps = [];
let previous = null;
for (const version of versions) {
  const schema = await load(join(releasesDir, `${version}.graphqls`), `docs/schema/${version}.graphqls`);
  if (previous) {
    steps.push({ from: previous, to: { version, schema } });
  }
  previous = { version, schema };
}
const current = await load(currentFile, 'schema.graphqls');
if (previous) {
  steps.push({ from: previous, to: { version: UNRELEASED, schema: current } });
}

// A change with no path (a root operation type changed) is announced as `schema`.
const coordinateOf = (change) => change.path ?? 'schema';

const major = (version) => Number(version.split('.')[0]);
for (const { from, to } of steps) {
  const section = byName.get(to.version);
  const released = to.version !== UNRELEASED;
  const label = `${from.version} -> ${released ? to.version : `${UNRELEASED} (schema.graphqls)`}`;
  let breaking = [];
  if (from.schema && to.schema) {
    const changes = await diff(from.schema, to.schema);
    breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
    const unannounced = breaking.filter((c) => !section.announced.has(coordinateOf(c)));
    console.log(
      `${label}: ${changes.length} change(s), ${breaking.length} breaking ` +
        `(${unannounced.length} not announced), ${dangerous.length} dangerous`,
    );
    for (const change of [...breaking, ...dangerous]) {
      const status = !breaking.includes(change) ? '' : unannounced.includes(change) ? ' NOT ANNOUNCED' : ' announced';
      const { level } = change.criticality;
      console.log(`  ${level} ${change.type} \`${coordinateOf(change)}\`${status}: ${change.message}`);
    }
    if (unannounced.length > 0) {
      const items = unannounced.map(
        (c) => `    - \`${coordinateOf(c)}\`: ${c.message.replace(/\.$/, '')}. <what clients must do>`,
      );
      problems.push(
        `${label}: ${unannounced.length} breaking change(s) not announced. Add to "## [${to.version}]" ` +
          `in CHANGELOG.md:\n    ### Breaking\n${items.join('\n')}`,
      );
    }
  } else {
    console.log(`${label}: not compared (a schema is not valid)`);
  }
  // A break, found or announced, must show in the version too, or semver misleads clients.
  if (released && (breaking.length > 0 || section.breakingItems > 0) && major(to.version) <= major(from.version)) {
    problems.push(`${to.version} breaks ${from.version}'s clients, so it must be a new major version`);
  }
}

if (problems.length > 0) {
  console.log(`\nschema release check FAILED (${problems.length} problem(s)); see docs/schema-releases.md:`);
  for (const problem of problems) {
    console.log(`- ${problem}`);
  }
  process.exit(1);
}
console.log('schema release check: every breaking change is announced in CHANGELOG.md');
