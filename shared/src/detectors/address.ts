/**
 * Postal addresses, recognised by how addresses are written, not by a gazetteer: a house number
 * and a street type word (USPS Publication 28's street suffixes, appendix C1, and its secondary
 * unit designators, appendix C2), a post office box, or the continental forms where the street type
 * is part of the name ("Hauptstraße 5", "Keizersgracht 12") or comes first ("12 rue de la Paix",
 * "Via Roma 3"). Prose rarely has a number followed by capitalised words and a street type, so
 * each form needs all of its parts; a street named without a number is not reported.
 */

// Full words and their standard abbreviations, longest first so "Streets" wins over "Street".
const SUFFIXES = [
  'Alley', 'Allee', 'Aly', 'Annex', 'Arcade', 'Avenue', 'Ave', 'Av', 'Bayou', 'Beach', 'Bend', 'Bluffs?', 'Bottom', 'Boulevard', 'Blvd',
  'Branch', 'Bridge', 'Brooks?', 'Burgs?', 'Bypass', 'Camp', 'Canyon', 'Cape', 'Causeway', 'Center', 'Centre', 'Circles?', 'Cir',
  'Cliffs?', 'Close', 'Club', 'Common', 'Corners?', 'Course', 'Courts?', 'Ct', 'Coves?', 'Creek', 'Crescent', 'Cres', 'Crest',
  'Crossing', 'Crossroad', 'Curve', 'Dale', 'Dam', 'Divide', 'Drives?', 'Dr', 'Estates?', 'Expressway', 'Expy', 'Extensions?',
  'Falls?', 'Ferry', 'Fields?', 'Flats?', 'Fords?', 'Forest', 'Forges?', 'Forks?', 'Fort', 'Freeway', 'Fwy', 'Gardens?', 'Gateway',
  'Glens?', 'Greens?', 'Groves?', 'Harbors?', 'Haven', 'Heights', 'Hts', 'Highway', 'Hwy', 'Hills?', 'Hollow', 'Inlet', 'Islands?',
  'Isle', 'Junctions?', 'Keys?', 'Knolls?', 'Lakes?', 'Landing', 'Lane', 'Ln', 'Lights?', 'Loaf', 'Locks?', 'Lodge', 'Loop', 'Mall',
  'Manors?', 'Meadows?', 'Mews', 'Mills?', 'Mission', 'Motorway', 'Mount', 'Mountains?', 'Neck', 'Orchard', 'Oval', 'Overpass', 'Parks?',
  'Parkways?', 'Pkwy', 'Pass', 'Passage', 'Path', 'Pike', 'Pines?', 'Place', 'Pl', 'Plains?', 'Plaza', 'Points?', 'Ports?', 'Prairie',
  'Radial', 'Ramp', 'Ranch', 'Rapids?', 'Rest', 'Ridges?', 'River', 'Roads?', 'Rd', 'Route', 'Row', 'Rue', 'Run', 'Shoals?', 'Shores?',
  'Skyway', 'Springs?', 'Spurs?', 'Squares?', 'Sq', 'Station', 'Stravenue', 'Stream', 'Streets?', 'St', 'Summit', 'Terrace', 'Ter',
  'Throughway', 'Trace', 'Track', 'Trafficway', 'Trail', 'Trl', 'Tunnel', 'Turnpike', 'Underpass', 'Unions?', 'Valleys?', 'Via',
  'Viaduct', 'Views?', 'Villages?', 'Ville', 'Vista', 'Walks?', 'Wall', 'Ways?', 'Wells?', 'Wharf', 'Wynd',
].join('|');

// A secondary unit after the street: "Apt. 194", "Suite 759", "Unit 4B", "# 12", "Flat 3".
const UNIT = String.raw`(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|Fl\.?|Room|Rm\.?|Bldg\.?|Building|Dept\.?|Lot|Space|#)[ \t]*#?[A-Z0-9][A-Z0-9-]{0,5}\b)?`;
// Capitalised name words of the street ("Martin Luther King", "Hull", "5th", "O'Neil").
const NAME_WORD = String.raw`(?:[A-Z][a-z'’]+\.?|[A-Z]\.|\d{1,3}(?:st|nd|rd|th))`;
const DIRECTION = String.raw`(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?`;

/** Number first, then the street: "4759 William Haven Apt. 194", "10 Downing Street", "1600 Pennsylvania Ave NW". */
const NUMBERED_STREET = new RegExp(
  String.raw`\d{1,6}[A-Za-z]?[ \t]+${DIRECTION}(?:${NAME_WORD}[ \t]+){1,4}(?:${SUFFIXES})\b\.?(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?${UNIT}`,
  'y',
);
/** French, number first: "12 rue de la Paix", "3, avenue Foch". */
const FRENCH_STREET = /\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|bd|[Cc]hemin|[Aa]llée|[Ii]mpasse|place|quai|route|cours)[ \t]+(?:(?:de|du|des|la|le|l'|d')[ \t]*)*\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,3}/uy;
/** The word before the number is a street type that ends a name: "Lindenstraße 12a", "Storgatan 4", "Koskikatu 25". */
const COMPOUND_TYPE = /^\p{Lu}[\p{Ll}-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|damm|ufer|straat|laan|gracht|plein|kade|gatan|vägen|gränd|torget|gade|vej|veien|gata|katu|tie|tori|kuja|polku)$/u;
/** ... or a Hungarian street type after the name: "Rákóczi út 66", "Kossuth Lajos utca 12". */
const HUNGARIAN_TYPES = new Set(['utca', 'út', 'útja', 'tér', 'körút', 'köz', 'sor']);
const HUNGARIAN_NAME = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2}[ \t]+$/u;
/** ... or the name of a street whose type came first: "Via Roma 3", "Calle de Alcalá, 45", "Rua Augusta 27". */
const TYPE_FIRST = /(?<!\p{L})(?:Via|Viale|Piazza|Corso|Largo|Calle|Avenida|Avda\.|Plaza|Paseo|Carrer|Rua|Travessa|Praça)[ \t]+(?:(?:de|del|della|delle|dei|di|da|do|dos|das|la|las|los|el)[ \t]+)*\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,3},?[ \t]+(?:n\.?º?[ \t]*)?$/u;
const PO_BOX = /(?<![\w])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]+Office[ \t]+Box|PSC[ \t]+\d{1,5},?[ \t]+Box|Unit[ \t]+\d{4}[ \t]+Box)[ \t]+\d{1,6}\b/gi;
const NUMBER = /\d+/g;
const LOOK_BACK = 48;

export interface AddressSpan { start: number; end: number; rule: string }

/**
 * Every form has a house or box number, so one scan visits the numbers and each is read forwards
 * (forms that start with it) and backwards (forms that end with it). A scan of the whole text per
 * form cost about three times as much.
 */
export function findAddresses(text: string): AddressSpan[] {
  const out: AddressSpan[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const at = m.index, digits = m[0].length, end = at + digits;
    if (digits > 6) continue;
    const prev = at > 0 ? text.charCodeAt(at - 1) : 32;
    // Part of a longer number or code ("1.5 Main", "A-12 Park", "v2") is not a house number;
    // the street follows after a space or a comma, with at most one letter between ("221B").
    if (!isWordOrJoiner(prev) && startsStreet(text, end) && !isYear(text, at, digits)) {
      const to = sticky(NUMBERED_STREET, text, at) ?? sticky(FRENCH_STREET, text, at);
      if (to !== undefined && !(yearLike(text, at, digits) && !COMMON_STREET.test(text.slice(at, to)))) {
        out.push({ start: at, end: to, rule: 'street-address' });
        NUMBER.lastIndex = to;
        continue;
      }
    }
    // After "<letter or comma> <space>": the word or words before may name the street.
    if (digits <= 4 && (prev === 32 || prev === 9) && at >= 2 && endsName(text.charCodeAt(at - 2))) {
      const start = streetBefore(text, at);
      if (start !== undefined) out.push({ start, end: end + numberLetter(text, end), rule: 'street-address' });
    }
  }
  if (/box/i.test(text)) for (const m of text.matchAll(PO_BOX)) out.push({ start: m.index, end: m.index + m[0].length, rule: 'po-box' });
  return out;
}

/** Where the street named just before the number at `at` starts, if one is. */
function streetBefore(text: string, at: number): number | undefined {
  let w = at - 1;
  while (w > 0 && endsName(text.charCodeAt(w - 1)) && text.charCodeAt(w - 1) !== 44) w--;
  const word = text.slice(w, at - 1);
  if (COMPOUND_TYPE.test(word)) return w;
  const from = Math.max(0, at - LOOK_BACK);
  if (HUNGARIAN_TYPES.has(word)) {
    const name = HUNGARIAN_NAME.exec(text.slice(from, w));
    return name ? from + name.index : undefined;
  }
  // A type-first name ends in a capitalised word ("Roma 3") or a comma ("Alcalá, 45"): check that before the regex.
  if (text.charCodeAt(at - 2) !== 44 && !/\p{Lu}/u.test(text[w] ?? '')) return undefined;
  const street = TYPE_FIRST.exec(text.slice(from, at));
  return street ? from + street.index : undefined;
}

// Letters, digits, '_', '.', ',' and '-'.
function isWordOrJoiner(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 44 || c === 45;
}

/** After the number: an optional letter, then a space, tab or comma. */
function startsStreet(text: string, end: number): boolean {
  let c = text.charCodeAt(end);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) c = text.charCodeAt(end + 1);
  return c === 32 || c === 9 || c === 44;
}

/** A street name's last character: a letter (any script), '.' ("str.", "Avda.") or ',' ("Alcalá, 45"). */
function endsName(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127 || c === 46 || c === 44;
}

/** A letter right after a house number belongs to it ("12a"). */
function numberLetter(text: string, end: number): number {
  const c = text.charCodeAt(end);
  const next = text.charCodeAt(end + 1);
  return c >= 97 && c <= 122 && !((next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next > 127) ? 1 : 0;
}

function sticky(re: RegExp, text: string, at: number): number | undefined {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : undefined;
}

/**
 * "2011 Arab Spring", "2010 The Back Beach": before a year, capitalised words ending in a rarer
 * street type are a name or a title, so a year-like number needs a common street type.
 */
const COMMON_STREET = /\b(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir)\b\.?(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\.?)?(?:,?[ \t]+\S+[ \t]*#?\S*)?$/;
function yearLike(text: string, at: number, digits: number): boolean {
  const c0 = text.charCodeAt(at), c1 = text.charCodeAt(at + 1);
  return digits === 4 && ((c0 === 49 && c1 >= 56) || (c0 === 50 && c1 === 48));
}

/** "In 1999 Prince Street was renamed": a year after a preposition of time, not a house number. */
function isYear(text: string, at: number, digits: number): boolean {
  return yearLike(text, at, digits) && /\b(?:in|since|until|by|from|of|before|after|around)\s+$/i.test(text.slice(Math.max(0, at - 8), at));
}
