// Syntax check of the repository's PowerShell for machines without pwsh (CI here):
// parses each file with tree-sitter-powershell and reports ERROR or MISSING nodes, and flags
// "$name:" inside a double-quoted string, which PowerShell reads as a scope or drive qualifier
// ("$path: text" is a parse error; write "${path}: text"), and splats of a scope-qualified
// variable (@script:args), which PowerShell does not accept.
const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
const path = require('path');

const qualifiers = new Set(['global', 'local', 'script', 'private', 'using', 'workflow', 'env', 'variable', 'function', 'alias']);

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    if (['.git', 'node_modules', 'bin', 'obj', 'out'].includes(e.name)) return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.ps(d?)1$/i.test(e.name) ? [full] : [];
  });
}

(async () => {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')));
  const root = process.argv[2] || '.';
  let problems = 0, checked = 0;
  for (const file of files(root)) {
    checked++;
    const tree = parser.parse(fs.readFileSync(file, 'utf8'));
    const report = (n, what) => { problems++; console.log(`${path.relative(root, file)}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${what}: ${n.text.slice(0, 80).replace(/\n/g, '\\n')}`); };
    const walk = n => {
      if (n.type === 'ERROR') report(n, 'syntax error');
      else if (n.isMissing) report(n, `missing ${n.type}`);
      else if (n.type === 'expandable_string_literal') {
        for (const m of n.text.matchAll(/(?<!`)\$([A-Za-z_][A-Za-z0-9_]*):(?![A-Za-z0-9_{])/g))
          if (!qualifiers.has(m[1].toLowerCase())) report(n, `"$${m[1]}:" reads as a scope qualifier; write "\${${m[1]}}:"`);
      }
      for (let i = 0; i < n.childCount; i++) walk(n.child(i));
    };
    walk(tree.rootNode);
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const m = line.match(/(^|[\s(;])@(script|global|local|private|using):[A-Za-z_]/i);
      if (m && !line.trimStart().startsWith('#')) { problems++; console.log(`${path.relative(root, file)}:${i + 1}: a splat cannot name a scope; copy the value to a plain variable first: ${line.trim().slice(0, 80)}`); }
    });
  }
  console.log(`PowerShell syntax: ${checked} files checked, ${problems} problems`);
  process.exit(problems ? 1 : 0);
})();
