/**
 * A small, strict XML reader for request bodies (S3's CreateBucketConfiguration, Delete, Tagging, ...):
 * elements, attributes, text and CDATA; no DTD, no entities beyond XML's five and character references,
 * so a body cannot expand or reach outside itself. Anything else is MalformedXml.
 */

export interface XmlElement {
  /** The name as written, prefix included (`xsi:type` stays `xsi:type`). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, concatenated (whitespace kept). */
  text: string;
}

export class MalformedXml extends Error {
  override readonly name = "MalformedXml";
}

/** Deeper nesting than any S3 request document has: refused before the stack could suffer. */
const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(";")) throw new MalformedXml(`a '&' not starting a reference near offset ${at}`);
    if (body.startsWith("#x")) return codePoint(Number.parseInt(body.slice(2), 16), at);
    if (body.startsWith("#")) return codePoint(Number.parseInt(body.slice(1), 10), at);
    const named = ENTITIES[body];
    if (named === undefined) throw new MalformedXml(`an unknown entity '&${body.slice(0, 20)};' near offset ${at}`);
    return named;
  });
}

function codePoint(value: number, at: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
    throw new MalformedXml(`a bad character reference near offset ${at}`);
  return String.fromCodePoint(value);
}

/** Parses one document; its root element is returned. Throws MalformedXml. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  skipSpace();
  if (source.startsWith("<?xml", i)) {
    const end = source.indexOf("?>", i);
    if (end < 0) throw new MalformedXml("an unterminated XML declaration");
    i = end + 2;
  }
  while (i < source.length) {
    const lt = source.indexOf("<", i);
    const text = lt < 0 ? source.slice(i) : source.slice(i, lt);
    if (text.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (text.trim() !== "") throw new MalformedXml(`text outside the root element near offset ${i}`);
      } else top.text += decodeEntities(text, i);
    }
    if (lt < 0) break;
    i = lt;
    if (source.startsWith("<!--", i)) {
      const end = source.indexOf("-->", i + 4);
      if (end < 0) throw new MalformedXml("an unterminated comment");
      i = end + 3;
    } else if (source.startsWith("<![CDATA[", i)) {
      const end = source.indexOf("]]>", i);
      const top = stack[stack.length - 1];
      if (end < 0 || top === undefined) throw new MalformedXml(`a misplaced or unterminated CDATA section near offset ${i}`);
      top.text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith("<!", i) || source.startsWith("<?", i)) {
      throw new MalformedXml(`a declaration or processing instruction near offset ${i} (DTDs are not read)`);
    } else if (source.startsWith("</", i)) {
      const name = NAME.exec(source.slice(i + 2, i + 2 + 256))?.[0];
      const open = stack.pop();
      if (name === undefined || open === undefined || open.name !== name) throw new MalformedXml(`a closing tag that does not match near offset ${i}`);
      i += 2 + name.length;
      skipSpace();
      if (source[i] !== ">") throw new MalformedXml(`a bad closing tag near offset ${i}`);
      i++;
    } else {
      const name = NAME.exec(source.slice(i + 1, i + 1 + 256))?.[0];
      if (name === undefined) throw new MalformedXml(`a bad element name near offset ${i}`);
      i += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: "" };
      for (;;) {
        skipSpace();
        if (source.startsWith("/>", i) || source[i] === ">") break;
        const attr = NAME.exec(source.slice(i, i + 256))?.[0];
        if (attr === undefined) throw new MalformedXml(`a bad attribute near offset ${i}`);
        i += attr.length;
        skipSpace();
        if (source[i] !== "=") throw new MalformedXml(`an attribute without a value near offset ${i}`);
        i++;
        skipSpace();
        const quote = source[i];
        if (quote !== '"' && quote !== "'") throw new MalformedXml(`an unquoted attribute near offset ${i}`);
        const end = source.indexOf(quote, i + 1);
        if (end < 0) throw new MalformedXml("an unterminated attribute value");
        element.attributes[attr] = decodeEntities(source.slice(i + 1, end), i);
        i = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(element);
      else if (root !== undefined) throw new MalformedXml(`a second root element near offset ${i}`);
      else root = element;
      if (source.startsWith("/>", i)) i += 2;
      else {
        i++;
        if (stack.length >= MAX_DEPTH) throw new MalformedXml(`elements nested deeper than ${MAX_DEPTH}`);
        stack.push(element);
      }
    }
  }
  if (root === undefined) throw new MalformedXml("no root element");
  if (stack.length > 0) throw new MalformedXml(`the element '${stack[stack.length - 1]?.name}' is not closed`);
  return root;
}

/** The local part of a name: `ns:Tag` -> `Tag` (S3's documents are read without regard to prefixes). */
export const localName = (name: string): string => name.slice(name.indexOf(":") + 1);
