/** The report's stylesheet (screen and print) and its script (language switch, trace explorer), inlined. */

export const REPORT_CSS = `
:root{--green:#2f6f4f;--ink:#1c2a22;--muted:#5a6b60}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif;color:var(--ink);margin:0;background:#fafcfa}
body.zh [lang=en]{display:none}body.en [lang=zh]{display:none}
header{background:var(--green);color:#fff;padding:16px 32px}
header h1{margin:8px 0 4px;font-size:22px}.meta{margin:0;opacity:.85;font-size:13px}
.toolbar{position:fixed;top:8px;right:12px;z-index:3;background:var(--green);padding:4px;border-radius:4px}.toolbar button{margin-left:6px;background:#fff;color:var(--green);border:0;border-radius:3px;padding:4px 10px;cursor:pointer}
main{max-width:1240px;margin:0 auto;padding:8px 32px 48px}
section{margin:24px 0;overflow-x:auto}h2{border-bottom:2px solid var(--green);padding-bottom:4px;font-size:19px}h3{font-size:15px;color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #dde5df;padding:4px 8px;text-align:left}
table.narrow{width:auto;min-width:240px}th.r{text-align:right}td.r{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.total td{font-weight:bold}tr.warn td:first-child{color:#b06000}
.gep{font-size:16px}.gep strong{font-size:20px}
button.num{font:inherit;background:none;border:0;border-bottom:1px dashed var(--green);color:var(--green);cursor:pointer;padding:0;font-variant-numeric:tabular-nums}
button.num:hover,g.num:hover rect{opacity:.75}g.num{cursor:pointer}
.hint,.note{color:var(--muted);font-size:13px}
svg.chart{max-width:720px;font-size:12px;display:block}svg.chart text{fill:var(--ink)}
.notice{border-left:4px solid #c77c02;padding:4px 10px;background:#fff8e6}
.trace-panel{position:fixed;top:48px;right:0;z-index:2;width:min(560px,100%);height:calc(100% - 48px);overflow:auto;background:#fff;box-shadow:-4px 0 16px rgba(0,0,0,.2);padding:16px 20px;font-size:13px}
.trace-panel h3{color:var(--ink);margin-top:4px}#trace-close{float:right;font-size:20px;border:0;background:none;cursor:pointer}
.trace-panel table{font-size:12px}.trace-panel code{font-size:11px;display:block;white-space:pre-wrap;word-break:break-all}
.at{color:var(--muted);font-family:ui-monospace,monospace;font-size:12px}
@media print{
  .toolbar,.trace-panel,.hint{display:none!important}
  header{background:none;color:#000;padding:0}body{background:#fff;font-size:10pt}main{max-width:none;padding:0}
  section{overflow:visible}td.r{white-space:normal}button.num{border:0;color:#000}h2{border-color:#000}
  section:not(#compare):not(#quality),table.narrow{break-inside:avoid}h2,h3,h4{break-after:avoid}tr,svg.chart,.notice{break-inside:avoid}
}
`;

/**
 * The trace panel's wan(s): a decimal string of 元 as 万元 with separators, two places, half to even, on the digits
 * (no float), so that a figure in the panel reads as in the report's tables (figures.ts `wan`, property-tested
 * against it in test/report/report.test.ts). A figure in 100 元 is the integer part without its last two digits; the
 * digits after it decide. Decimal strings only (the result's), no exponent.
 */
export const WAN_SCRIPT = `function wan(s){
    s = String(s); var neg = s.charAt(0) === '-'; if (neg) s = s.slice(1);
    var dot = s.indexOf('.'), int = dot < 0 ? s : s.slice(0, dot), frac = dot < 0 ? '' : s.slice(dot + 1);
    while (int.length < 5) int = '0' + int;
    var n = int.slice(0, -2), rest = int.slice(-2) + frac, first = rest.charCodeAt(0) - 48;
    var odd = (n.charCodeAt(n.length - 1) - 48) % 2 === 1;
    if (first > 5 || (first === 5 && (/[1-9]/.test(rest.slice(1)) || odd))) {
      var i = n.length - 1; while (i >= 0 && n.charAt(i) === '9') i--;
      n = (i < 0 ? '1' : n.slice(0, i) + String.fromCharCode(n.charCodeAt(i) + 1)) + '0'.repeat(n.length - 1 - i);
    }
    n = n.replace(/^0+(?=\\d{3})/, '');
    var out = n.slice(0, -2).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',') + '.' + n.slice(-2);
    return (neg && /[1-9]/.test(s) ? '\u2212' : '') + out;
  }`;

/** Plain ES2017 script: no library, no network. */
export const REPORT_SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var body = document.body, panel = document.getElementById('trace'), out = document.getElementById('trace-body'), close = document.getElementById('trace-close');
  var shown = null;
  function lang(l){ body.className = l; document.documentElement.lang = l; if (shown !== null && !panel.hidden) show(shown); }
  document.getElementById('lang-zh').onclick = function(){ lang('zh'); };
  document.getElementById('lang-en').onclick = function(){ lang('en'); };
  close.onclick = function(){ panel.hidden = true; };
  function el(tag, text, cls){ var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function row(table, cells){ var tr = el('tr'); cells.forEach(function(c){ tr.appendChild(el('td', c)); }); table.appendChild(tr); }
  ${WAN_SCRIPT}
  function show(id){
    var t = data[id]; if (!t) return;
    shown = id;
    var zh = body.className === 'zh';
    close.title = zh ? '关闭' : 'Close'; close.setAttribute('aria-label', close.title);
    out.textContent = '';
    out.appendChild(el('h3', zh ? t.title.zh : t.title.en));
    out.appendChild(el('p', zh ? '当年价 ' + wan(t.value.current) + ' 万元；可比价 ' + wan(t.value.comparable) + ' 万元' : 'Current prices ' + wan(t.value.current) + ' × 10⁴ yuan; comparable prices ' + wan(t.value.comparable) + ' × 10⁴ yuan'));
    if (t.method) {
      out.appendChild(el('h4', zh ? '方法与开关' : 'Method and switches'));
      out.appendChild(el('p', (zh ? t.method.title.zh : t.method.title.en) + ' (' + t.method.id + ')', 'formula'));
      out.appendChild(el('code', JSON.stringify(t.method.switches)));
    }
    if (t.parts) { var p = el('table'); row(p, ['', zh ? '万元（当年价）' : '10⁴ yuan (current prices)']); t.parts.forEach(function(x){ row(p, [zh ? x.label.zh : x.label.en, wan(x.current)]); }); out.appendChild(p); }
    if (t.lines) {
      out.appendChild(el('h4', zh ? '核算行（各项与定价）' : 'Lines (terms and valuations)'));
      var lt = el('table', undefined, 'lines');
      row(lt, ['', '', zh ? '万元（当年价）' : '10⁴ yuan (current prices)']);
      t.lines.forEach(function(l){
        var terms = Object.keys(l.terms).map(function(k){ return k + ' = ' + (zh ? l.terms[k].zh : l.terms[k].en); }).join('; ');
        row(lt, [l.where, (l.physical ? (zh ? l.physical.zh : l.physical.en) : '') + (terms ? ' [' + terms + ']' : ''), '']);
        l.valuations.forEach(function(v){ row(lt, ['  ' + (zh ? v.label.zh : v.label.en), zh ? v.detail.zh : v.detail.en, wan(v.current)]); });
      });
      out.appendChild(lt);
      if (t.moreLines) out.appendChild(el('p', zh ? '… 另有 ' + t.moreLines + ' 行未列出' : '… ' + t.moreLines + (t.moreLines === 1 ? ' more line' : ' more lines') + ' not shown', 'hint'));
    }
    if (t.coefficients) {
      out.appendChild(el('h4', zh ? '系数（来源与证据等级）' : 'Coefficients (source and grade)'));
      var ct = el('table', undefined, 'coefficients');
      t.coefficients.forEach(function(c){ row(ct, [c.id.split('|')[0] + (c.id.split('|')[1] !== '*' ? ' [' + c.id.split('|')[1] + ']' : ''), (c.value + ' ' + (zh ? c.unit.zh : c.unit.en)).trim() + (c.priceYear ? ' (' + c.priceYear + ')' : ''), zh ? c.grade.zh : c.grade.en, c.source]); });
      if (t.coefficients.length === 0) out.appendChild(el('p', zh ? '（本指标未读取任何系数表）' : '(this indicator read no coefficient table)', 'hint'));
      else out.appendChild(ct);
    }
    panel.hidden = false;
  }
  document.addEventListener('click', function(e){
    var n = e.target.closest ? e.target.closest('[data-trace]') : null;
    if (n) show(n.getAttribute('data-trace'));
  });
})();
`;
