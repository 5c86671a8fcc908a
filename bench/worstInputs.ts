/**
 * Inputs that defeat a quadratic byte-pair merge: one pre-tokenizer piece of a megabyte or more
 * (an unbroken word, a long CJK paragraph), and a base64 blob. Generated, so no file is needed.
 */
import { seededRandom } from '../src/core/cache/deterministic';

const MB = 1024 * 1024;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Common Han characters: every one is a letter (Lo), so a paragraph of them is one piece. */
const HAN = '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域假拍妈照夜显较尔注许断证案雪错考吗';

function randomOf(alphabet: string, count: number, seed: number): string {
  const random = seededRandom(seed);
  const chars = Array.from(alphabet);
  let text = '';
  for (let i = 0; i < count; i++) text += chars[Math.floor(random() * chars.length)];
  return text;
}

export const WORST_INPUTS = {
  'word-100k': { label: "100 KB unbroken word ('abcdefghij' repeated)", make: () => 'abcdefghij'.repeat(10_240) },
  'word-1m': { label: '1 MB unbroken word', make: () => 'abcdefghij'.repeat(MB / 10) },
  'word-5m': { label: '5 MB unbroken word', make: () => 'abcdefghij'.repeat((5 * MB) / 10) },
  'base64-1m': { label: '1 MB base64 blob', make: () => randomOf(BASE64, MB, 64) },
  // Three UTF-8 bytes per character.
  'cjk-1m': { label: '1 MB CJK paragraph (no punctuation)', make: () => randomOf(HAN, Math.floor(MB / 3), 3) },
} as const;

export type WorstInput = keyof typeof WORST_INPUTS;
