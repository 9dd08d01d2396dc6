/**
 * @module operation/scanner/rules/exfiltration
 * Threat: a definition that makes the model send data out: a Markdown or HTML image whose URL
 * carries a placeholder (the client fetches it and the data leaves with the request), a URL
 * template with a placeholder for secrets or the conversation, or an instruction to send, copy or
 * forward data to an outside address ("forward a copy to monitoring@attacker.com").
 */
import type { ScanContext } from '../engine/context.js';
import type { Segment } from '../engine/segment.js';
import type { Strength } from '../engine/signal.js';
import { DATA_OBJECTS, DESTINATIONS, DUPLICATE_VERBS, TRANSFER_VERBS } from '../phrases/en.js';
import { TRIGGER_GROUPS } from '../phrases/triggers.js';
import { DESTINATIONS_ZH, TRANSFER_ZH } from '../phrases/zh.js';
import { directiveForm, findAll, isMention, negatedBefore, sentenceAt } from '../text/match.js';
import {
  DOMAIN_RE,
  EMAIL_RE,
  SENSITIVE_PLACEHOLDER,
  TEMPLATE_RE,
  URL_RE,
} from '../text/patterns.js';
import type { PhraseRule } from './rule.js';

const MD_IMAGE = /!\[[^\]\n]{0,200}\]\( ?([^ )\n]{1,500})/g;
const HTML_IMAGE = /<img\b[^>\n]{0,300}?\bsrc ?= ?["']?([^"' >\n]{1,500})/g;
const DESTINATION = new RegExp(`${DESTINATIONS}|${DESTINATIONS_ZH}`, 'g');
const TRANSFER = new RegExp(`${TRANSFER_VERBS}|${TRANSFER_ZH}`, 'g');
const DUPLICATE = new RegExp(`${DUPLICATE_VERBS}|抄送|密送|转发|复制`);
const DATA = new RegExp(`${DATA_OBJECTS}|内容|数据|文件|消息|记录|信息`);
const PUBLIC_SUFFIX =
  /\.(?:com|net|org|io|xyz|ru|cn|top|site|app|dev|info|biz|co|me|sh|tk|ml|cc|online|link|click)\b/;
const EXFIL_WORD =
  /\bexfiltrat(?:e|es|ed|ing|ion)\b|\bsteal (?:the |all |any )?(?:data|credentials|secrets|keys|tokens)\b/g;

function images(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  for (const re of [MD_IMAGE, HTML_IMAGE]) {
    for (const m of findAll(re, text, 6)) {
      const url = m[1] ?? '';
      if (!/^(?:https?:)?\/\//.test(url)) continue;
      const templated = TEMPLATE_RE.test(url) && /[?&#=/]/.test(url);
      ctx.add(seg, m.index, m.index + m[0].length, {
        ruleId: 'exfiltration',
        facet: 'transfer',
        strength: templated ? 3 : 1,
        message: templated
          ? 'an image whose URL carries data for the model to fill in: rendering it sends the data out'
          : 'an image loaded from an outside address',
        mention: isMention(text, m.index, m.index + m[0].length),
      });
    }
  }
}

function templatedUrls(seg: Segment, ctx: ScanContext): void {
  if (seg.field.role === 'uri') return;
  const text = seg.text;
  for (const m of findAll(URL_RE, text, 8)) {
    const url = m[0];
    if (!TEMPLATE_RE.test(url) || !/[?&#=]/.test(url)) continue;
    const before = text.slice(Math.max(0, m.index - 3), m.index);
    if (before.includes('](') || /src ?= ?["']?$/.test(before)) continue;
    const query = url.slice(url.search(/[?&#]/));
    const sensitive = SENSITIVE_PLACEHOLDER.test(query);
    ctx.add(seg, m.index, m.index + url.length, {
      ruleId: 'exfiltration',
      facet: 'transfer',
      strength: sensitive ? 3 : 1,
      message: sensitive
        ? 'a URL template whose query carries secrets or conversation data'
        : 'a URL template the model fills in',
      mention: isMention(text, m.index, m.index + url.length),
    });
  }
}

function destinations(seg: Segment, ctx: ScanContext): void {
  const text = seg.text;
  const found: { start: number; end: number }[] = [];
  const shapes: RegExp[] = seg.has(TRIGGER_GROUPS.transfer) ? [DESTINATION] : [];
  if (text.includes('@')) shapes.push(EMAIL_RE);
  if (text.includes('//')) shapes.push(URL_RE);
  if (PUBLIC_SUFFIX.test(text)) shapes.push(DOMAIN_RE);
  for (const re of shapes) {
    for (const m of findAll(re, text, 6)) {
      const start = m.index;
      if (found.some((f) => start >= f.start && start < f.end)) continue;
      found.push({ start, end: start + m[0].length });
    }
  }
  for (const dest of found.slice(0, 10)) {
    const [ss] = sentenceAt(text, dest.start);
    const from = Math.max(ss, dest.start - 160);
    const lead = text.slice(from, dest.start);
    let verbAt = -1;
    for (const v of findAll(TRANSFER, lead, 8)) verbAt = from + v.index;
    if (verbAt < 0 || negatedBefore(text, verbAt)) continue;
    const between = text.slice(verbAt, dest.start);
    const duplicate = DUPLICATE.test(between);
    const data = DATA.test(between);
    if (!data && !duplicate) continue;
    const form = directiveForm(text, verbAt);
    let strength: Strength;
    if (duplicate && data) strength = 3;
    else if (form === 'explicit') strength = 3;
    else if (form === 'initial') strength = 2;
    else strength = 1;
    ctx.add(seg, verbAt, dest.end, {
      ruleId: 'exfiltration',
      facet: 'transfer',
      strength,
      message:
        strength >= 2
          ? 'tells the model to send data to an outside address'
          : 'sends data to an outside address',
      mention: isMention(text, verbAt, dest.end),
    });
  }
}

export const exfiltration: PhraseRule = {
  id: 'exfiltration',
  run(seg, ctx) {
    const text = seg.text;
    if (text.includes('](') || text.includes('<img')) images(seg, ctx);
    if (text.includes('//')) templatedUrls(seg, ctx);
    destinations(seg, ctx);
    if (!text.includes('exfiltrat') && !text.includes('steal')) return;
    for (const m of findAll(EXFIL_WORD, text, 4)) {
      ctx.add(seg, m.index, m.index + m[0].length, {
        ruleId: 'exfiltration',
        facet: 'transfer',
        strength: 2,
        message: 'speaks of exfiltrating or stealing data',
        mention: isMention(text, m.index, m.index + m[0].length),
      });
    }
  },
};
