// Accessibility check: every listed page against axe-core's WCAG 2.1 A/AA rules in headless
// Chromium, in the light and the dark colour scheme.
//
//   node tests/a11y/axe-check.mjs BASE_URL PAGES_JSON
//
// PAGES_JSON is a list of entries, each for one persona:
//   {"persona": "admin", "url": "/verwaltung/", "expect": 200}
//       visit the page and check it;
//   {"persona": "admin", "url": "/verwaltung/teams/neu/", "submit": true}
//       also send its form ("main form.kim-form") empty, without the browser's own
//       validation, and check the page with the server's error messages;
//   {"persona": "admin", "name": "manage:team_update", "pattern": "^/verwaltung/teams/[0-9a-f-]{36}/bearbeiten/$"}
//       check the first page linked from the persona's other pages whose path matches.
// Every persona except "anonymous" signs in through the real login form (password kim-demo)
// in a browser context of its own. tests/a11y/run.py starts a server with the demo data and
// calls this. Exit codes: 0 no violations, 1 violations found, 2 the check itself could not run.
import { readFileSync } from "node:fs";

import axe from "axe-core";
import { chromium } from "playwright-core";

const PASSWORD = process.env.KIM_A11Y_PASSWORD || "kim-demo";
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const JOBS = Math.max(1, Number.parseInt(process.env.KIM_A11Y_JOBS || "2", 10) || 1);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FORM = "main form.kim-form";
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function usage(message) {
  console.error(`axe-check: ${message}\nusage: node tests/a11y/axe-check.mjs BASE_URL PAGES_JSON`);
  process.exit(2);
}

const [baseUrl, pagesFile] = process.argv.slice(2);
if (!baseUrl || !pagesFile) usage("missing arguments");
let entries;
try {
  entries = JSON.parse(readFileSync(pagesFile, "utf-8"));
} catch (error) {
  usage(`cannot read ${pagesFile}: ${error.message}`);
}
const valid = (e) => typeof e.persona === "string" && (typeof e.url === "string" || typeof e.pattern === "string");
if (!Array.isArray(entries) || !entries.every(valid)) {
  usage(`${pagesFile} must be a JSON list of {"persona": "...", "url": "..."} or {"persona", "name", "pattern"}`);
}

// Entries grouped by persona, in the order given.
const byPersona = new Map();
for (const entry of entries) {
  if (!byPersona.has(entry.persona)) byPersona.set(entry.persona, []);
  byPersona.get(entry.persona).push(entry);
}

const firstLine = (error) => String(error.message || error).split("\n")[0];

async function signIn(page, persona) {
  await page.goto(new URL("/accounts/login/", baseUrl).href);
  await page.fill('input[name="login"]', persona);
  await page.fill('input[name="password"]', PASSWORD);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/accounts/login/")),
    page.locator('form:has(input[name="password"]) [type="submit"]').first().click(),
  ]);
  await page.waitForLoadState("load");
  if (new URL(page.url()).pathname.startsWith("/accounts/login/")) {
    throw new Error(`still on the login page (the login form answered ${response.status()})`);
  }
}

// axe on the loaded document, in the light and in the dark colour scheme (KERN follows the
// system's scheme, so both must pass). Dark-scheme violations are marked in their help text.
async function runAxe(page) {
  await page.addScriptTag({ content: axe.source });
  const run = () =>
    page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
  const light = (await run()).violations;
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = (await run()).violations.map((v) => ({ ...v, help: `${v.help} (dark colour scheme)` }));
  await page.emulateMedia({ colorScheme: "light" });
  return [...light, ...dark];
}

// Same-origin paths the page links to, for the pattern entries.
async function linksOn(page) {
  const hrefs = await page.$$eval("a[href]", (anchors) => anchors.map((a) => a.href));
  const origin = new URL(baseUrl).origin;
  return hrefs.filter((href) => href.startsWith(origin)).map((href) => new URL(href).pathname);
}

// Check one page (and, for "submit", its form sent empty). Returns report lines and findings.
async function checkPage(context, page, persona, entry, url) {
  const href = new URL(url, baseUrl).href;
  const label = entry.name ? `${url} (${entry.name})` : url;
  // Probe first: a download (CSV, JSON export) is no page to check.
  const probe = await context.request.get(href, { maxRedirects: 0 });
  const type = probe.headers()["content-type"] || "";
  if (!type.startsWith("text/html")) {
    return { lines: [`  skip  ${persona.padEnd(20)} ${label} – not an HTML page (${type || "no type"})`], findings: [] };
  }
  const response = await page.goto(href, { waitUntil: "load" });
  const status = response ? response.status() : 0;
  const links = await linksOn(page);
  const notes = [];
  if (entry.expect !== undefined && status !== entry.expect) notes.push(`answered ${status}, expected ${entry.expect}`);
  const checks = [{ label, status, violations: await runAxe(page) }];
  if (entry.submit) {
    const form = page.locator(FORM).first();
    if ((await form.count()) === 0) {
      notes.push(`no ${FORM} to send`);
    } else {
      await form.evaluate((element) => {
        element.noValidate = true;
      });
      await Promise.all([page.waitForEvent("load"), form.locator('[type="submit"]').first().click()]);
      checks.push({ label: `${label} sent empty`, status: "POST", violations: await runAxe(page) });
    }
  }
  const lines = [];
  const findings = [];
  const note = notes.length ? ` (${notes.join("; ")})` : "";
  for (const check of checks) {
    const mark = check.violations.length ? "FAIL" : "ok  ";
    lines.push(`  ${mark}  ${persona.padEnd(20)} ${check.label} [${check.status}]${note}`);
    for (const violation of check.violations) findings.push({ persona, url: check.label, violation });
  }
  return { lines, findings, links, checked: checks.length };
}

async function checkPersona(browser, persona, personaEntries) {
  const result = { lines: [], findings: [], checked: 0, failed: false };
  // German UI, as the users see it; one context (cookie jar) per persona.
  const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    if (persona !== "anonymous") await signIn(page, persona);
  } catch (error) {
    result.lines.push(`axe-check: ${persona} could not sign in: ${firstLine(error)}`);
    result.failed = true;
    await context.close();
    return result;
  }
  const seen = new Set(); // paths linked from checked pages
  const visit = async (entry, url) => {
    try {
      const outcome = await checkPage(context, page, persona, entry, url);
      result.lines.push(...outcome.lines);
      result.findings.push(...outcome.findings);
      result.checked += outcome.checked || 0;
      for (const link of outcome.links || []) seen.add(link);
    } catch (error) {
      result.lines.push(`axe-check: ${persona} ${url}: ${firstLine(error)}`);
      result.failed = true;
    }
  };
  for (const entry of personaEntries.filter((e) => e.url)) await visit(entry, entry.url);
  // Pages with parameters: follow links until no pattern finds a new match.
  let open = personaEntries.filter((e) => e.pattern);
  let progress = true;
  while (open.length && progress) {
    progress = false;
    for (const entry of [...open]) {
      const regex = new RegExp(entry.pattern);
      const match = [...seen].find((path) => regex.test(path));
      if (match) {
        open = open.filter((e) => e !== entry);
        progress = true;
        await visit(entry, match);
      }
    }
  }
  for (const entry of open) {
    result.lines.push(`  skip  ${persona.padEnd(20)} ${entry.name || entry.pattern} – no link to such a page found`);
  }
  await context.close();
  return result;
}

const started = Date.now();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
const findings = [];
let checked = 0;
let failedRun = false;
try {
  // A few personas at a time; each persona's report is printed when it is done.
  const queue = [...byPersona.entries()];
  const worker = async () => {
    while (queue.length) {
      const [persona, personaEntries] = queue.shift();
      const result = await checkPersona(browser, persona, personaEntries);
      console.log(result.lines.join("\n"));
      findings.push(...result.findings);
      checked += result.checked;
      failedRun ||= result.failed;
    }
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
} finally {
  await browser.close();
}

if (findings.length) {
  console.log(`\nViolations (WCAG 2.1 A/AA, axe-core ${axe.version}):`);
  for (const { persona, url, violation } of findings) {
    console.log(`\n[${violation.impact}] ${violation.id}: ${violation.help}`);
    console.log(`  page: ${url}  persona: ${persona}`);
    console.log(`  rule: ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      console.log(`  target: ${node.target.join(" ")}`);
      if (node.failureSummary) console.log("    " + node.failureSummary.split("\n").join("\n    "));
    }
  }
}
const pagesWithViolations = new Set(findings.map((f) => `${f.persona} ${f.url}`)).size;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\naxe-core: ${checked} pages checked, ${pagesWithViolations} with violations, ` +
    `${findings.length} violations (${seconds} s)`,
);
if (failedRun) console.log("axe-check: some pages could not be checked (see the messages above)");
process.exit(failedRun ? 2 : findings.length ? 1 : 0);
