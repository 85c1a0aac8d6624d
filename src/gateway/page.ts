// The reference page for people, served at / by the gateway: a small self-contained page (no
// CDN: the gateway may run where there is no internet) that reads /openapi.json, lists every
// route by section with its parameters, and lets a call be tried with a gateway key. Texts from
// the document are set as text, never as markup.

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { background: #24324a; color: #fff; padding: 16px 24px; position: sticky; top: 0; z-index: 1; }
header h1 { margin: 0 0 8px; font-size: 20px; }
header label { margin-right: 16px; }
header input { font: inherit; padding: 4px 8px; border-radius: 4px; border: 1px solid #8894aa; }
main { padding: 16px 24px; max-width: 1100px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
details.op { background: #fff; border: 1px solid #d8dce3; border-radius: 6px; margin: 6px 0; }
details.op > summary { cursor: pointer; padding: 8px 12px; }
details.op .body { padding: 0 12px 12px; }
.verb { font-weight: 600; color: #0b6b3a; margin-right: 6px; }
code, pre, textarea { font: 13px/1.4 ui-monospace, monospace; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; }
td, th { border: 1px solid #e1e4ea; padding: 4px 6px; text-align: left; vertical-align: top; }
textarea { width: 100%; min-height: 90px; box-sizing: border-box; }
pre.result { background: #10151f; color: #d8e2f0; padding: 8px; max-height: 360px; overflow: auto; white-space: pre-wrap; }
.desc { white-space: pre-wrap; }
.muted { color: #5b6578; }
`;

// Plain functions, no template literals: this text is itself inside one.
const script = `
'use strict';
var keyInput = document.getElementById('key');
var filterInput = document.getElementById('filter');
var list = document.getElementById('methods');
var count = document.getElementById('count');
keyInput.value = sessionStorage.getItem('uzel-gateway-key') || '';
keyInput.addEventListener('input', function () { sessionStorage.setItem('uzel-gateway-key', keyInput.value); });

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
  (children || []).forEach(function (child) { node.append(child); });
  return node;
}
function typeOf(schema) {
  if (!schema) return 'any';
  if (schema.enum) return schema.enum.join(' | ');
  if (schema.type === 'array') return 'array of ' + typeOf(schema.items);
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type) return schema.type;
  var alts = schema.anyOf || schema.oneOf;
  if (alts) return alts.map(typeOf).join(' | ');
  if (schema.$ref) return 'object';
  return 'any';
}
function paramsTable(schema) {
  var props = (schema && schema.properties) || {};
  var names = Object.keys(props);
  if (names.length === 0) return el('p', { class: 'muted' }, ['No parameters / Без параметров']);
  var required = (schema.required || []);
  var rows = names.map(function (name) {
    return el('tr', {}, [
      el('td', {}, [el('code', {}, [name])]),
      el('td', {}, [typeOf(props[name])]),
      el('td', {}, [required.indexOf(name) >= 0 ? '\\u2714' : '']),
      el('td', {}, [props[name].description || '']),
    ]);
  });
  var head = el('tr', {}, ['Parameter / Параметр', 'Type / Тип', 'Req. / Обяз.', 'Description / Описание'].map(function (t) { return el('th', {}, [t]); }));
  return el('table', {}, [head].concat(rows));
}
function tryIt(path, op) {
  var content = op.requestBody && op.requestBody.content['application/json'];
  var input = el('textarea', { 'aria-label': 'parameters' }, []);
  input.value = JSON.stringify((content && content.example) || {}, null, 2);
  var pages = (op.parameters || []).some(function (p) { return p.name === 'all'; });
  var all = el('input', { type: 'checkbox' }, []);
  var button = el('button', { type: 'button', class: 'try' }, ['Try it / Выполнить']);
  var out = el('pre', { class: 'result' }, []);
  out.hidden = true;
  button.addEventListener('click', function () {
    out.hidden = false;
    out.textContent = '…';
    var url = path + (pages && all.checked ? '?all=1' : '');
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + keyInput.value.trim() }, body: input.value })
      .then(function (response) {
        return response.text().then(function (text) {
          var shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* NDJSON or text: as it came */ }
          out.textContent = 'HTTP ' + response.status + '\\n' + shown;
          out.setAttribute('data-status', String(response.status));
        });
      })
      .catch(function (error) { out.textContent = String(error); out.setAttribute('data-status', 'failed'); });
  });
  var controls = [button];
  if (pages) controls.push(el('label', {}, [all, ' every row (NDJSON) / все строки']));
  return el('div', { class: 'try-it' }, [el('h4', {}, ['Try it / Попробовать']), input, el('p', {}, controls), out]);
}
function render(doc) {
  var groups = {};
  var order = [];
  var total = 0;
  Object.keys(doc.paths).forEach(function (path) {
    var op = doc.paths[path].post;
    if (!op) return;
    total += 1;
    var tag = (op.tags && op.tags[0]) || 'Other';
    if (!groups[tag]) { groups[tag] = []; order.push(tag); }
    groups[tag].push({ path: path, op: op });
  });
  count.textContent = total + ' methods / методов';
  order.forEach(function (tag) {
    var section = el('section', { class: 'group' }, [el('h2', {}, [tag])]);
    groups[tag].forEach(function (item) {
      var op = item.op;
      var meta = op['x-uzel'] || {};
      var content = op.requestBody && op.requestBody.content['application/json'];
      var details = el('details', { class: 'op', 'data-path': item.path, 'data-search': (item.path + ' ' + op.summary + ' ' + (meta.ruName || '') + ' ' + (meta.remote || '')).toLowerCase() }, [
        el('summary', {}, [el('span', { class: 'verb' }, ['POST']), el('code', {}, [item.path]), ' \\u2014 ' + op.summary]),
        el('div', { class: 'body' }, [
          el('p', { class: 'desc' }, [op.description || '']),
          paramsTable(content && content.schema),
          tryIt(item.path, op),
        ]),
      ]);
      section.append(details);
    });
    list.append(section);
  });
}
filterInput.addEventListener('input', function () {
  var words = filterInput.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll('details.op').forEach(function (node) {
    var text = node.getAttribute('data-search');
    node.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
  });
});
fetch('openapi.json')
  .then(function (response) { return response.json(); })
  .then(function (doc) {
    document.getElementById('about').textContent = doc.info.description;
    render(doc);
    document.body.setAttribute('data-ready', 'true');
  })
  .catch(function (error) { count.textContent = 'The document could not be read / Документ не прочитан: ' + error; });
`;

/** The page's HTML. */
export function referencePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Uzel gateway — reference / справочник</title>
<style>${style}</style>
</head>
<body>
<header>
  <h1>Uzel gateway — reference / справочник шлюза</h1>
  <label>Gateway key / Ключ шлюза: <input id="key" type="password" autocomplete="off" size="40"></label>
  <label>Find / Найти: <input id="filter" type="search" size="30"></label>
  <span id="count" class="count"></span>
</header>
<main>
  <p id="about" class="desc"></p>
  <p class="muted">OpenAPI 3.1: <a href="openapi.json">openapi.json</a></p>
  <div id="methods"></div>
</main>
<script>${script}</script>
</body>
</html>
`;
}
