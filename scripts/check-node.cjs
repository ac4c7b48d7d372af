// Says in one line, and exits 1, when this Node is not one package.json's `engines.node` allows, or when
// node_modules' better-sqlite3 was built for another Node; run first by `npm start`, `npm test` and the
// benches, so it fails here instead of later in a dependency. Plain ES5 and CommonJS on purpose: it must
// run on the very Node versions it refuses. Understands the range forms used in engines (`||`, `>=`, `>`,
// `<=`, `<`, `=`, `^`, `~`, `20.x`, `20`), not the whole of semver.
var fs = require('fs');
var path = require('path');

function parse(v) {
  var parts = String(v).replace(/^[v=\s]+/, '').split('.');
  var out = [];
  for (var i = 0; i < 3; i++) {
    var n = parts[i];
    out.push(n === undefined || n === 'x' || n === 'X' || n === '*' ? null : parseInt(n, 10));
  }
  return out; // null: a wildcard
}
function cmp(a, b) { // a: a full version, b: a partial one (nulls count as 0)
  for (var i = 0; i < 3; i++) {
    var x = a[i], y = b[i] === null ? 0 : b[i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
function next(b, at) { // the first version past a partial one's last given part: 20.x → 21.0.0
  var out = [0, 0, 0];
  for (var i = 0; i < at; i++) out[i] = b[i];
  out[at - 1] += 1;
  return out;
}
function given(b) { var n = 0; while (n < 3 && b[n] !== null) n++; return n; }

function satisfiesOne(version, comparator) {
  var m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(comparator);
  if (!m) return false;
  var op = m[1] || '', b = parse(m[2]), n = given(b);
  if (n === 0) return true; // *, x
  if (op === '>=') return cmp(version, b) >= 0;
  if (op === '>') return n === 3 ? cmp(version, b) > 0 : cmp(version, next(b, n)) >= 0;
  if (op === '<') return cmp(version, b) < 0;
  if (op === '<=') return n === 3 ? cmp(version, b) <= 0 : cmp(version, next(b, n)) < 0;
  if (op === '^') { // same first non-zero part
    var at = b[0] > 0 || n === 1 ? 1 : b[1] > 0 || n === 2 ? 2 : 3;
    return cmp(version, b) >= 0 && cmp(version, next(b, at)) < 0;
  }
  if (op === '~') return cmp(version, b) >= 0 && cmp(version, next(b, n === 1 ? 1 : 2)) < 0;
  return cmp(version, b) >= 0 && cmp(version, next(b, n)) < 0; // =, bare or x-range
}

function satisfies(version, range) {
  var alternatives = String(range).split('||');
  for (var i = 0; i < alternatives.length; i++) {
    var comparators = alternatives[i].replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').trim().split(/\s+/);
    var all = true;
    for (var j = 0; j < comparators.length && all; j++) if (comparators[j]) all = satisfiesOne(version, comparators[j]);
    if (all) return true;
  }
  return false;
}

if (require.main === module) {
  var pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  var range = pkg.engines && pkg.engines.node;
  var version = process.versions.node;
  if (range && !satisfies(parse(version), range)) {
    console.error('Switchboard needs Node ' + range + ' (this is Node ' + version + ' at ' + process.execPath +
      '); `eval "$(scripts/use-node.sh)"` puts the one .nvmrc names first on PATH.');
    process.exit(1);
  }
  // The other way to fail later: node_modules built under another Node (native addons fit one ABI).
  var addon;
  try {
    addon = path.join(path.dirname(require.resolve('better-sqlite3/package.json', { paths: [path.join(__dirname, '..', 'packages', 'server')] })),
      'build', 'Release', 'better_sqlite3.node');
  } catch (e) { addon = undefined; } // not installed yet: npm says so soon enough
  if (addon && fs.existsSync(addon)) {
    try { process.dlopen({ exports: {} }, addon); } catch (e) {
      if (/NODE_MODULE_VERSION|different Node\.js version/.test(String(e && e.message))) {
        console.error('node_modules/better-sqlite3 was built for another Node than this one (' + version + '); run: npm rebuild better-sqlite3');
        process.exit(1);
      }
    }
  }
} else {
  module.exports = { satisfies: function (version, range) { return satisfies(parse(version), range); } };
}
