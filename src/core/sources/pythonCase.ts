/**
 * Python's `str.title()` and `str.capitalize()` (CPython 3.11, Unicode 14): each character's title
 * case where a word starts and its lower case elsewhere, a word being a run of cased characters.
 * Which characters are cased and which are ignored by the final sigma's rule, and where a character's
 * title case is not its upper case (`ß` → `Ss`, `ǆ` → `ǅ`, Georgian letters, Greek letters with
 * ypogegrammeni, ligatures), are Unicode 14's as CPython 3.11 holds them, so the text does not
 * depend on the Unicode of the engine that reads it; the upper and lower case of each other
 * character are this engine's, as for `upper()` and `lower()`. A text holding a character whose case
 * differs between Python versions is left to the program.
 */
import { versionDependent } from './pythonText';

/** Code points Unicode 14 calls Cased (Lu, Ll, Lt, Other_Uppercase, Other_Lowercase), base-36 ranges. */
const CASED =
  '1t-2i,2p-3e,4q,51,56,5c-5y,60-6u,6w-ca,cc-cf,ck-ib,id-jc,jk-jl,kg-kk,n9,og-oj,om-on,oq-ot,ov,p2,' +
  'p4-p6,p8,pa-pt,pv-s5,s7-w1,wa-10v,10x-11y,128-13c,3a8-3b9,3bb,3bh,3bk-3cq,3ct-3cv,3vk-3xx,3y0-3y5,' +
  '5mo-5mw,5n4-5oa,5od-5of,5q8-5vj,5xc-651,654-659,65c-66d,66g-66l,66o-66v,66x,66z,671,673-67x,680-69g,' +
  '69i-69o,69q,69u-69w,69y-6a4,6a8-6ab,6ae-6aj,6ao-6b0,6b6-6b8,6ba-6bg,6ep,6f3,6fk-6fw,6iq,6iv,6iy-6j7,' +
  '6j9,6jd-6jh,6jo,6jq,6js,6ju-6jx,6jz-6k4,6k9,6kc-6kf,6kl-6kp,6ku,6lc-6m7,6mb-6mc,792-7ah,8ow-8v8,' +
  '8vf-8vi,8vm-8vn,8w0-8x1,8x3,8x9,wu8-wvh,ww0-wwt,x0i-x3b,x3f-x3i,x3k-x56,x5c-x5d,x5f,x5h-x5l,x6d-x6e,' +
  'x6g-x6i,xtc-xui,xuk-xuw,xv4-xxb,1dkw-1dl2,1dlf-1dlj,1ee9-1eey,1ef5-1efu,1fcw-1ff3,1fhs-1fir,' +
  '1fiw-1fjv,1fn4-1fne,1fng-1fnu,1fnw-1fo2,1fo4-1fo5,1fo7-1foh,1foj-1fox,1foz-1fp5,1fp7-1fp8,1g1s,' +
  '1g1v-1g1x,1g1z-1g34,1g36-1g3e,1h1c-1h2q,1h34-1h4i,1jfk-1jhb,20cg-20e7,2kg0-2kic,2kie-2kkc,2kke-2kkf,' +
  '2kki,2kkl-2kkm,2kkp-2kks,2kku-2kl5,2kl7,2kl9-2klf,2klh-2kn9,2knb-2kne,2knh-2kno,2knq-2knw,2kny-2kop,' +
  '2kor-2kou,2kow-2kp0,2kp2,2kp6-2kpc,2kpe-2kyt,2kyw-2kzk,2kzm-2l0a,2l0c-2l16,2l18-2l1w,2l1y-2l2s,' +
  '2l2u-2l3i,2l3k-2l4e,2l4g-2l54,2l56-2l60,2l62-2l6q,2l6s-2l6z,2mm8-2mmh,2mmj-2mn2,2olc-2on7,2q7k-2q89,' +
  '2q8g-2q95,2q9c-2qa1';

/** Code points Unicode 14 calls Case_Ignorable, base-36 ranges. */
const CASE_IGNORABLE =
  '13,1a,1m,2m,2o,4o,4t,4v,50,53-54,j4-of,ok-ol,oq,p0-p1,p3,w3-w9,121,127,13l-14t,14v,14x-14y,150-151,' +
  '153,16c,16o-16t,174-17e,17g,18g,18r-19b,19s,1cm-1ct,1cv-1d4,1d6-1d9,1e7,1e9,1f4-1fu,1ie-1io,1kb-1kl,' +
  '1kq,1kt,1li-1m5,1nd-1nf,1oo,1ow-1ox,1p4-1pb,1qh-1s2,1tm,1to,1tt-1u0,1u5,1u9-1uf,1uq-1ur,1v5,1vl,1x8,' +
  '1xd-1xg,1xp,1ya-1yb,1z2,1z5-1z6,20s,20x-20y,213-214,217-219,21d,228-229,22d,22p-22q,24c,24h-24l,' +
  '24n-24o,24t,25e-25f,262-267,269,27w,27z,281-284,28d,28l-28m,28y-28z,29u,2bk,2bx,2dc,2dg,2f0,2f2-2f4,' +
  '2fa-2fc,2fe-2fh,2fp-2fq,2g2-2g3,2gx,2ik,2in,2iu,2j0-2j1,2jm-2jn,2kg-2kh,2m3-2m4,2m9-2mc,2ml,2n6-2n7,' +
  '2o1,2q2,2qa-2qc,2qe,2sx,2t0-2t6,2ti-2tq,2wh,2wk-2ws,2x2,2x4-2x9,2zc-2zd,305,307,309,31t-326,328-32c,' +
  '32e-32f,32l-32v,32x-33w,346,371-374,376-37b,37d-37e,37h-37i,388-389,38e-38g,38x-390,39e,39h-39i,39p,' +
  '3a5,3cs,3tp-3tr,4k2-4k4,4ky-4kz,4lu-4lv,4mq-4mr,4ok-4ol,4on-4ot,4p2,4p5-4pf,4pj,4pp,4qz-4r3,4sj,' +
  '4ud-4ue,4vd,4yo-4yq,4yv-4yw,4z6,4zd-4zf,55j-55k,55n,57a,57c-57i,57k,57m,57p-57w,583-58c,58f,59j,' +
  '59s-5am,5c0-5c3,5dg,5di-5dm,5do,5du,5ez-5f7,5fk-5fl,5gi-5gl,5go-5gp,5gr-5gt,5ie,5ig-5ih,5il,5in-5ip,' +
  '5kc-5kj,5km-5kn,5mg-5ml,5ow-5oy,5p0-5pc,5pe-5pk,5pp,5pw,5q0-5q1,5rg-5t6,5tk,5uj-5xb,69p,69r-69t,' +
  '6a5-6a7,6al-6an,6b1-6b3,6bh-6bi,6bv-6bz,6c8-6c9,6ck,6cn,6cq-6cu,6e8-6ec,6ee-6en,6ep,6f3,6fk-6fw,' +
  '6hc-6i8,8sc-8sd,8vj-8vl,8z3,8zj,928-933,94f,9hh,9ii-9il,9ip-9it,9iz,9ll-9lq,9oc-9oe,vmd,wl4-wl9,wss,' +
  'wvj-wvm,wvo-wvx,wvz,wws-wwv,wz4-wz5,wzk-x0h,x2o,x3c-x3e,x6a-x6c,x6g-x6h,x6q,x6u,x6z,x7p-x7q,x7w,' +
  'xc4-xc5,xcw-xdd,xdr,xeu-xf1,xfr-xg1,xhc-xhe,xir,xiu-xix,xj0-xj1,xjj,xk5-xk6,xm1-xm6,xm9-xma,xmd-xme,' +
  'xmr,xn0,xo0,xoc,xps,xpu-xpw,xpz-xq0,xq6-xq7,xq9,xr1,xrg-xrh,xrn-xro,xrq,xuj-xun,xux-xuz,xyd,xyg,xyl,' +
  '1dlq,1dpu-1dqa,1e68-1e6n,1e6r,1e74-1e7j,1e8i,1e8l,1edb,1edj,1edq,1ee2,1ef2,1ef4,1egg,1ehq-1ehr,1ejn,' +
  '1ek9-1ekb,1eyl,1f4w,1f92-1f96,1g1s-1g1x,1g1z-1g34,1g36-1g3e,1gjl-1gjn,1gjp-1gjq,1gjw-1gjz,1gl4-1gl6,' +
  '1glb,1gpx-1gpy,1h5w-1h5z,1hgr-1hgs,1hl2-1hlc,1hmq-1hmt,1hq9,1hrs-1hs6,1htc,1htf-1htg,1htr-1htt,' +
  '1hv7-1hva,1hvd-1hve,1hvh,1hvm,1hvx,1hxc-1hxe,1hyf-1hyj,1hyl-1hys,1i0j,1i0w-1i0x,1i2e-1i2m,1i2x-1i30,' +
  '1i33,1i5r-1i5t,1i5w,1i5y-1i5z,1i66,1ian,1iar-1iay,1ibk-1ibl,1id7-1id8,1idc,1iee-1iek,1ieo-1ies,' +
  '1ik8-1ikf,1iki-1ikk,1ikm,1ila,1inn-1ins,1inu,1inz-1io0,1io2-1io3,1iuq-1iut,1iv0-1iv1,1iv3-1iv4,' +
  '1ivw-1ivx,1iyb-1iyi,1iyl,1iyn-1iyo,1j1n,1j1p,1j1s-1j1x,1j1z,1j4t-1j4v,1j4y-1j51,1j53-1j57,1jcf-1jcn,' +
  '1jcp-1jcq,1jjv-1jjw,1jjy,1jk3,1jo4-1jo7,1joa-1job,1jog,1jpd-1jpm,1jqr-1jqw,1jqz-1jr2,1jrb,1jrl-1jrq,' +
  '1jrt-1jrv,1jt6-1jti,1jtk-1jtl,1k4w-1k52,1k54-1k59,1k5b,1k7m-1k87,1k8a-1k8g,1k8i-1k8j,1k8l-1k8m,' +
  '1kc1-1kc6,1kca,1kcc-1kcd,1kcf-1kcl,1kcn,1keo-1kep,1ket,1kev,1koj-1kok,1ovk-1ovs,1zow-1zp0,1zqo-1zqu,' +
  '1zr4-1zr7,20jz,20lr-20m7,20o0-20o1,20o3-20o4,2dbk-2dbn,2dbp-2dbv,2dbx-2dby,2ftp-2ftq,2fts-2ftv,' +
  '2jgg-2jhp,2jhs-2jie,2jxj-2jxl,2jxv-2jya,2jyd-2jyj,2jze-2jzh,2k3m-2k3o,2lmo-2lo6,2lob-2lpo,2lpx,2lqc,' +
  '2lqz-2lr3,2lr5-2lrj,2mtc-2mti,2mtk-2mu0,2mu3-2mu9,2mub-2muc,2mue-2mui,2n1s-2n25,2nce,2ne4-2ne7,' +
  '2ok0-2ok6,2on8-2onf,2qrf-2qrj,jny9,jnz4-jo1r,jo5c-jobz';

/** Where a character's title case (full mapping) is not its upper case. */
const TITLE_CASE: ReadonlyMap<number, string> = new Map([
  [0xdf, "Ss"], [0x1c4, "ǅ"], [0x1c5, "ǅ"], [0x1c6, "ǅ"], [0x1c7, "ǈ"], [0x1c8, "ǈ"], [0x1c9, "ǈ"],
  [0x1ca, "ǋ"], [0x1cb, "ǋ"], [0x1cc, "ǋ"], [0x1f1, "ǲ"], [0x1f2, "ǲ"], [0x1f3, "ǲ"], [0x587, "Եւ"],
  [0x10d0, "ა"], [0x10d1, "ბ"], [0x10d2, "გ"], [0x10d3, "დ"], [0x10d4, "ე"], [0x10d5, "ვ"],
  [0x10d6, "ზ"], [0x10d7, "თ"], [0x10d8, "ი"], [0x10d9, "კ"], [0x10da, "ლ"], [0x10db, "მ"],
  [0x10dc, "ნ"], [0x10dd, "ო"], [0x10de, "პ"], [0x10df, "ჟ"], [0x10e0, "რ"], [0x10e1, "ს"],
  [0x10e2, "ტ"], [0x10e3, "უ"], [0x10e4, "ფ"], [0x10e5, "ქ"], [0x10e6, "ღ"], [0x10e7, "ყ"],
  [0x10e8, "შ"], [0x10e9, "ჩ"], [0x10ea, "ც"], [0x10eb, "ძ"], [0x10ec, "წ"], [0x10ed, "ჭ"],
  [0x10ee, "ხ"], [0x10ef, "ჯ"], [0x10f0, "ჰ"], [0x10f1, "ჱ"], [0x10f2, "ჲ"], [0x10f3, "ჳ"],
  [0x10f4, "ჴ"], [0x10f5, "ჵ"], [0x10f6, "ჶ"], [0x10f7, "ჷ"], [0x10f8, "ჸ"], [0x10f9, "ჹ"],
  [0x10fa, "ჺ"], [0x10fd, "ჽ"], [0x10fe, "ჾ"], [0x10ff, "ჿ"], [0x1f80, "ᾈ"], [0x1f81, "ᾉ"],
  [0x1f82, "ᾊ"], [0x1f83, "ᾋ"], [0x1f84, "ᾌ"], [0x1f85, "ᾍ"], [0x1f86, "ᾎ"], [0x1f87, "ᾏ"],
  [0x1f88, "ᾈ"], [0x1f89, "ᾉ"], [0x1f8a, "ᾊ"], [0x1f8b, "ᾋ"], [0x1f8c, "ᾌ"], [0x1f8d, "ᾍ"],
  [0x1f8e, "ᾎ"], [0x1f8f, "ᾏ"], [0x1f90, "ᾘ"], [0x1f91, "ᾙ"], [0x1f92, "ᾚ"], [0x1f93, "ᾛ"],
  [0x1f94, "ᾜ"], [0x1f95, "ᾝ"], [0x1f96, "ᾞ"], [0x1f97, "ᾟ"], [0x1f98, "ᾘ"], [0x1f99, "ᾙ"],
  [0x1f9a, "ᾚ"], [0x1f9b, "ᾛ"], [0x1f9c, "ᾜ"], [0x1f9d, "ᾝ"], [0x1f9e, "ᾞ"], [0x1f9f, "ᾟ"],
  [0x1fa0, "ᾨ"], [0x1fa1, "ᾩ"], [0x1fa2, "ᾪ"], [0x1fa3, "ᾫ"], [0x1fa4, "ᾬ"], [0x1fa5, "ᾭ"],
  [0x1fa6, "ᾮ"], [0x1fa7, "ᾯ"], [0x1fa8, "ᾨ"], [0x1fa9, "ᾩ"], [0x1faa, "ᾪ"], [0x1fab, "ᾫ"],
  [0x1fac, "ᾬ"], [0x1fad, "ᾭ"], [0x1fae, "ᾮ"], [0x1faf, "ᾯ"], [0x1fb2, "Ὰͅ"], [0x1fb3, "ᾼ"],
  [0x1fb4, "Άͅ"], [0x1fb7, "ᾼ͂"], [0x1fbc, "ᾼ"], [0x1fc2, "Ὴͅ"], [0x1fc3, "ῌ"], [0x1fc4, "Ήͅ"],
  [0x1fc7, "ῌ͂"], [0x1fcc, "ῌ"], [0x1ff2, "Ὼͅ"], [0x1ff3, "ῼ"], [0x1ff4, "Ώͅ"], [0x1ff7, "ῼ͂"],
  [0x1ffc, "ῼ"], [0xfb00, "Ff"], [0xfb01, "Fi"], [0xfb02, "Fl"], [0xfb03, "Ffi"], [0xfb04, "Ffl"],
  [0xfb05, "St"], [0xfb06, "St"], [0xfb13, "Մն"], [0xfb14, "Մե"], [0xfb15, "Մի"], [0xfb16, "Վն"],
  [0xfb17, "Մխ"]
]);

/** A table of base-36 ranges, parsed once: [first, last] pairs in order. */
function ranges(table: string): Array<[number, number]> {
  return table.split(',').map((part) => {
    const [first, last] = part.split('-').map((n) => parseInt(n, 36));
    return [first, last ?? first];
  });
}

let casedRanges: Array<[number, number]> | undefined;
let ignorableRanges: Array<[number, number]> | undefined;

function within(table: Array<[number, number]>, code: number): boolean {
  let [low, high] = [0, table.length - 1];
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (code < table[mid][0]) high = mid - 1;
    else if (code > table[mid][1]) low = mid + 1;
    else return true;
  }
  return false;
}

const isCased = (code: number) => within((casedRanges ??= ranges(CASED)), code);
const isCaseIgnorable = (code: number) => within((ignorableRanges ??= ranges(CASE_IGNORABLE)), code);

/**
 * Whether the capital sigma at `i` ends a word (CPython's `handle_capital_sigma`): a cased
 * character before it, case-ignorable ones skipped, and none after it.
 */
function finalSigma(codes: readonly number[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isCaseIgnorable(codes[j])) j--;
  if (j < 0 || !isCased(codes[j])) return false;
  for (j = i + 1; j < codes.length && isCaseIgnorable(codes[j]); j++);
  return j === codes.length || !isCased(codes[j]);
}

/** The lower case of the character at `i` (`lower_ucs4`): Σ as ς at the end of a word. */
function lowerAt(codes: readonly number[], i: number): string {
  if (codes[i] === 0x3a3) return finalSigma(codes, i) ? '\u03c2' : '\u03c3';
  return String.fromCodePoint(codes[i]).toLowerCase();
}

const titleOf = (code: number) => TITLE_CASE.get(code) ?? String.fromCodePoint(code).toUpperCase();

const codesOf = (text: string) => Array.from(text, (ch) => ch.codePointAt(0)!);

/** `text.title()`: a character after a cased one lower case, any other its title case; undefined where Python versions differ. */
export function pythonTitleCase(text: string): string | undefined {
  if (versionDependent(text)) return undefined;
  const codes = codesOf(text);
  let out = '';
  let previousCased = false;
  for (let i = 0; i < codes.length; i++) {
    out += previousCased ? lowerAt(codes, i) : titleOf(codes[i]);
    previousCased = isCased(codes[i]);
  }
  return out;
}

/** `text.capitalize()`: the first character's title case, the rest lower case; undefined where Python versions differ. */
export function pythonCapitalize(text: string): string | undefined {
  if (versionDependent(text)) return undefined;
  const codes = codesOf(text);
  let out = codes.length > 0 ? titleOf(codes[0]) : '';
  for (let i = 1; i < codes.length; i++) out += lowerAt(codes, i);
  return out;
}
