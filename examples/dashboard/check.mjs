// Render a tenet dashboard in a headless Chromium (the distribution's, never one downloaded
// here) and check that its figures match the JSON report it was made from.
// Usage: node check.mjs dashboard.html latest.json
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [page_path, json_path] = process.argv.slice(2);
const report = JSON.parse(readFileSync(json_path, "utf8"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
const requests = [];
page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });

const fail = (msg) => { console.error(`FAIL: ${msg}`); process.exitCode = 1; };
const text = async (sel) => (await page.locator(sel).first().textContent())?.trim();

// Figures against the JSON
const s = report.summary;
for (const key of ["pass", "fail", "waived", "skipped", "error", "repositories"]) {
  const shown = Number(await text(`#totals [data-key="${key}"]`));
  if (shown !== s[key]) fail(`${key}: page shows ${shown}, report says ${s[key]}`);
}
const applicable = s.pass + s.fail + s.waived + s.error;
const expected = applicable === 0 ? 100 : ((s.pass + s.waived) * 100) / applicable;
const compliance = Number(await page.locator("#compliance").getAttribute("data-value"));
if (Math.abs(compliance - expected) > 0.05) fail(`compliance ${compliance} != ${expected.toFixed(1)}`);
const rows = await page.locator("#repositories tr[data-path]").count();
if (rows !== report.repositories.length) fail(`${rows} repository rows, ${report.repositories.length} in the report`);
const rules = new Set(report.repositories.flatMap((r) => r.outcomes.map((o) => o.rule)));
const ruleRows = await page.locator("#rules tr[data-key]").count();
if (ruleRows !== rules.size) fail(`${ruleRows} rule rows, ${rules.size} rules in the report`);

// It renders: charts have a size, and nothing was fetched
const box = await page.locator("#rules svg.bar").first().boundingBox();
if (!box || box.width < 50) fail("the pass-rate bars did not render");
const sparks = await page.locator("svg.spark").count();
if (sparks === 0) fail("no trend line (give reports of at least two dates)");
if (requests.length) fail(`the page fetched ${requests.join(", ")}`);
if (errors.length) fail(`page errors: ${errors.join("; ")}`);
await page.screenshot({ path: page_path.replace(/\.html$/, ".png"), fullPage: true });
await browser.close();
if (!process.exitCode) console.log(`ok: ${rows} repositories, ${ruleRows} rules, compliance ${compliance}%, ${sparks} trend lines, nothing fetched`);
