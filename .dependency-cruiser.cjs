/**
 * The layer rules of docs/architecture.md ("Rules"), checked by dependency-cruiser over src/: `npm test`
 * runs them (test/architecture-rules.test.ts), `npx depcruise src` prints them. This file is the truth.
 */

// The AWS services of the local cloud, one folder each; flow-logs is the join that delivers through them.
const SERVICES = "(cloudwatch|ec2|flow-logs|iam|logs|sts)";
// The client side: commands and the code they run, which reach any cloud only through the AWS SDK v3.
const CLIENTS = "^src/(setup|monitor|web|cli)/";
// Tests drive the code from outside the layers (a wire test starts a cloud, a unit test imports a
// neighbour's internals): the layer rules hold for the shipped code; cycles are refused everywhere.
const TESTS = "\\.test\\.ts$";

/** A standalone library: imports nothing of the project but the libraries it is allowed. */
function standalone(folder, allowed, why) {
  const own = [`^src/${folder}/`, ...allowed.map((a) => `^src/${a}/`)];
  return {
    name: `standalone-${folder}`,
    comment: why,
    severity: "error",
    from: { path: `^src/${folder}/`, pathNot: TESTS },
    to: { path: "^src/", pathNot: own },
  };
}

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycle anywhere, tests included: a cycle is two files that cannot be read (or moved) apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    standalone("flowlog", [], "The VPC flow log record knows nothing else of the project."),
    standalone("filterpattern", ["regex"], "Filter patterns run their regular expressions on regex/ (never on backtracking RegExp)."),
    standalone(
      "insights",
      ["flowlog", "regex"],
      "Insights may use flowlog for field discovery and regex for every regular expression.",
    ),
    standalone("regex", [], "The linear-time regex engine imports nothing of the project."),
    standalone("policy", [], "The IAM policy engine is shared by the cloud and doctor, so it imports nothing of either."),
    standalone(
      "explain",
      ["flowlog"],
      "Why a flow was accepted or rejected is pure evaluation over the EC2 API's answers; the client side reads them (monitor/explain-reader.ts).",
    ),
    standalone("http-guard", [], "The Host/Origin check shared by the cloud and the dashboard server, so web/ never reaches into the cloud."),
    standalone("parquet", [], "The Parquet file writer knows nothing of flow logs or the cloud: flow-logs/ gives it columns."),
    {
      name: "network-below-cloud-and-clients",
      comment: "The VPC data plane is driven by the cloud (flow-logs/) and knows neither the cloud nor the clients.",
      severity: "error",
      from: { path: "^src/network/", pathNot: TESTS },
      to: { path: "^src/(cloud|setup|monitor|web|cli)/" },
    },
    {
      name: "network-core-not-scenarios",
      comment:
        "Scenarios are synthetic traffic built on the data plane; the data plane itself (the gateway, the " +
        "aggregator) takes its packet facts from network/packet.ts, never from a scenario.",
      severity: "error",
      from: { path: "^src/network/", pathNot: ["^src/network/scenarios/", TESTS] },
      to: { path: "^src/network/scenarios/" },
    },
    {
      name: "cloud-not-clients",
      comment:
        "The local cloud never depends on the client side: the dashboard is handed to it by `up` (LocalCloudOptions.ui).",
      severity: "error",
      from: { path: "^src/cloud/", pathNot: TESTS },
      to: { path: CLIENTS },
    },
    {
      name: "clients-not-cloud",
      comment:
        "setup/, monitor/, web/ and cli/ reach any cloud only through the AWS SDK v3. The one exception is " +
        "cli/commands/up.ts, the composition root: it starts the local cloud (and reads the data directory's " +
        "damage report to print it), and hands it the dashboard. The demo (cli/demo/) runs on a started cloud " +
        "through the SDK and signed internal requests, so it is not an exception.",
      severity: "error",
      from: { path: CLIENTS, pathNot: [TESTS, "^src/cli/commands/up\\.ts$"] },
      to: { path: "^src/cloud/" },
    },
    {
      name: "clients-point-down",
      comment:
        "cli/ composes the client side; web/ uses monitor/ and setup/, monitor/ uses setup/ (doctor's checks), " +
        "setup/ uses neither: no client layer imports the one above it.",
      severity: "error",
      from: { path: "^src/(setup|monitor|web)/", pathNot: TESTS },
      to: { path: "^src/cli/" },
    },
    {
      name: "setup-not-monitor-or-web",
      severity: "error",
      comment: "setup/ is the bottom of the client side.",
      from: { path: "^src/setup/", pathNot: TESTS },
      to: { path: "^src/(monitor|web)/" },
    },
    {
      name: "monitor-not-web",
      severity: "error",
      comment: "web/ renders monitor/'s results; monitor/ does not know it is rendered.",
      from: { path: "^src/monitor/", pathNot: TESTS },
      to: { path: "^src/web/" },
    },
    {
      name: "services-through-their-interface",
      comment:
        "One service folder of src/cloud/ reaches another only through that folder's index.ts, its public " +
        "surface. Named narrow interface files also allowed: logs/metric-filter-ingest.ts, the hook CloudWatch " +
        "registers its metric sink on (types only; Logs has no index.ts because nothing else of Logs is " +
        "reached from outside). The top-level files of src/cloud/ (cloud.ts, services.ts) compose the " +
        "services and are not a service folder.",
      severity: "error",
      from: { path: `^src/cloud/${SERVICES}/`, pathNot: TESTS },
      to: {
        path: `^src/cloud/${SERVICES}/`,
        pathNot: ["^src/cloud/$1/", "^src/cloud/[^/]+/index\\.ts$", "^src/cloud/logs/metric-filter-ingest\\.ts$"],
      },
    },
    {
      name: "cloud-infrastructure-not-services",
      comment:
        "The pipeline's shared pieces (protocol/, store/, validation/) serve every service and know none of them.",
      severity: "error",
      from: { path: "^src/cloud/(protocol|store|validation)/", pathNot: TESTS },
      to: { path: `^src/cloud/${SERVICES}/` },
    },
    {
      name: "src-not-test-folder",
      comment:
        "The package ships src/ compiled and nothing of test/: shipped code that imports a test helper, a case " +
        "table or a vector fails in an installed package. Tests may import src/; src/ (its tests aside) never test/.",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { path: "^test/" },
    },
    {
      name: "src-not-tests",
      comment: "A test file is not compiled into the package, so no shipped file may import one.",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: "src-not-test-tools",
      comment: "node:assert and node:test are test tools: shipped code that imports them is test code in src/.",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { dependencyTypes: ["core"], path: "^(node:)?(assert|test)(/|$)" },
    },
    {
      name: "src-not-dev-dependencies",
      comment:
        "devDependencies are not installed with the package, so shipped code never loads one; a type-only " +
        "import is erased by the compiler and allowed.",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|dist-check|node_modules)/" },
    // `import type` is a dependency too: a type-only cycle or a type reaching across a layer is the
    // same coupling, so type imports are cruised (TypeScript would otherwise erase them first).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
