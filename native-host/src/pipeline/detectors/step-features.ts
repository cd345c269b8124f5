/**
 * Per-step feature vectors for the trajectory LSTM, shared by training and inference.
 *
 * The features are deliberately format-agnostic: no tool-name vocabulary, no hashed words, no
 * quoting style. A step is described by its role, and by how it relates to the rest of the run —
 * whether an agent call's tool and arguments come from the user's request or only from text the
 * environment returned, whether environment text tries to instruct the agent, which kind of
 * operation a call performs (send, pay, delete, grant, execute, covert), whether the agent refuses.
 * That is what a hijacked or harmful run looks like across agent frameworks; InjecAgent's tool names
 * and JSON quoting are not. Nothing here depends on another model, so a retrained bayes.onnx does not
 * shift the LSTM's inputs.
 */
export const STEP_SCHEMA_VERSION = 3;
/** Runs are cut to their last SEQ_LEN steps (features are computed on the whole run first) and left-padded with zeros. */
export const SEQ_LEN = 16;

export interface RunStep { role: string; content?: string; action?: string; thought?: string }

/** Feature names, in vector order; the index of a name is its position in a step vector. */
export const STEP_FEATURES = [
  'role_user', 'role_agent_call', 'role_agent_text', 'role_environment', 'first_request',
  'length', 'injection_cue', 'imperative', 'refusal', 'terminal',
  'tool_in_request', 'tool_in_environment', 'args_from_request', 'args_from_environment',
  'new_destination', 'destination_from_environment',
  'op_send', 'op_financial', 'op_destructive', 'op_access', 'op_execute', 'op_covert', 'op_read',
  'harmful_request', 'request_overlap', 'embedded_instruction', 'declaration_in_request',
] as const;
export const STEP_DIM = STEP_FEATURES.length;
const F = Object.fromEntries(STEP_FEATURES.map((n, i) => [n, i])) as Record<(typeof STEP_FEATURES)[number], number>;

/** The text a step shows: its content, or its call; the agent's thought is read for refusals only. */
export function stepText(s: RunStep): string {
  return s.content || s.action || s.thought || '';
}

// Phrases that address the agent from inside third-party content (public injection corpora: "ignore
// previous instructions", "IMPORTANT!!!", "you must", "new task", fake system markers).
const INJECTION_CUES = [
  /\b(?:ignore|disregard|forget|override)\b[^.]{0,40}\b(?:previous|prior|above|earlier|all|any|your)\b[^.]{0,20}\b(?:instructions?|prompts?|rules|tasks?|directions?)/i,
  /\bnew (?:instructions?|tasks?|goal|objective)\b/i,
  /\b(?:you must|you should|you need to|you are required to|you have to|make sure (?:to|you)|be sure to|it is (?:crucial|essential|important) that you)\b/i,
  /\b(?:important|urgent|attention|warning)\b\s*[:!]/i,
  /\b(?:assistant|ai|agent|chatbot|model|llm)\b[^.]{0,30}\b(?:must|should|please|needs? to|is instructed)\b/i,
  /\binstead\b/i,
  /\b(?:do not|don't|never) (?:tell|inform|mention|notify|alert|reveal to) (?:the )?(?:user|owner|anyone)\b/i,
  /(?:^|\n)\s*(?:system|\[system\]|<\|?system\|?>|###\s*instruction)\s*[:>]/i,
  /<\/?(?:instructions?|system|important)>/i,
];
const IMPERATIVE_VERBS = 'ignore|disregard|forget|send|email|forward|transfer|pay|grant|give|share|post|upload|download|delete|remove|erase|wipe|execute|run|install|click|visit|change|update|reset|move|buy|purchase|order|unlock|disable|enable|add|create|invite|withdraw|deposit|schedule|book|cancel|retrieve|collect|export|publish|reply|call|message|text|tell|write|open';
const IMPERATIVE = new RegExp(`(?:^|[.!?:;"'\\n{\\[]\\s*|\\b(?:please|kindly|and|then|also|now)\\s+)(?:${IMPERATIVE_VERBS})\\b`, 'i');
const REFUSAL = /\b(?:i['’]?m sorry|i am sorry|i apologi[sz]e|i can(?:not|'t|’t)|can(?:not|'t|’t) (?:help|assist|comply|do that|fulfil|provide|support)|i (?:won['’]?t|will not|must decline|have to decline|decline|refuse|am unable|['’]m unable|am not able)|unable to (?:help|assist|comply)|not (?:able|allowed|permitted) to (?:help|assist|do)|against (?:my|the|our) (?:policy|policies|guidelines|principles)|(?:unethical|illegal|harmful)(?:,| and| or) (?:i|so i)|i must (?:refuse|decline))\b/i;
const TERMINAL_TOOL = /^(?:finish|final[_ ]?answer|complete|done|end|stop|respond|answer|reply_to_user|return)\b/i;

// Operation kinds, by word stems of a tool name and its arguments (public taxonomies of agent
// harm: exfiltration, financial loss, destruction/tampering, access control, code execution).
const OPS: [number, RegExp][] = [
  [F.op_send, /^(?:send|email|mail|gmail|forward|share|post|upload|publish|message|sms|tweet|transmit|export|sync|webhook|notify|invite|reply|slack|whatsapp|telegram|fax)/],
  [F.op_financial, /^(?:pay|payment|transfer|withdraw|deposit|bitcoin|btc|crypto|wallet|bank|purchase|buy|order|invoice|refund|trade|stock|wire|venmo|paypal|fund|loan|donat|charge|billing|card|account)/],
  [F.op_destructive, /^(?:delete|remove|erase|wipe|drop|destroy|truncate|format|overwrite|tamper|alter|modif|corrupt|disable|shutdown|uninstall|rm|kill|purge|revoke|cancel|reset)/],
  [F.op_access, /^(?:grant|permission|access|unlock|password|credential|token|secret|admin|root|sudo|login|auth|privileg|guest|role|door|lock|key|ssh|security)/],
  [F.op_execute, /^(?:execute|exec|run|shell|command|terminal|script|install|download|eval|bash|cmd|powershell|deploy|compile|sudo)/],
  [F.op_covert, /^(?:steal|theft|covert|secretly|stealth|unauthori|sabotag|malicious|attack|exploit|phish|spoof|fake|backdoor|malware|ransom|keylog|hijack|exfiltrat|leak|bypass|evade|manipulat|fraud|forge|counterfeit|imperson|surveil|spy|stalk|harvest|scrape|crack|brute|botnet|ddos|doxx|blackmail|extort|launder|smuggl)/],
  [F.op_read, /^(?:get|search|read|view|list|fetch|query|find|check|show|lookup|retriev|browse|look|summar|describ|analy|inspect|monitor|review|search|calculat|translat|weather|recommend)/],
];
// Requests for plainly harmful work (AgentHarm-style categories: malware, fraud, weapons, drugs,
// harassment, sexual content, disinformation); a run that carries one out is unsafe even without any
// injection. Words that ordinary requests use too (virus, drugs, suicide, exploit, bypass, explicit)
// are left out or only taken in an unambiguous phrase: a medical or mental-health agent's tasks
// mention them all the time.
const HARMFUL = /\b(?:ransomware|malware|computer virus|keylogger|botnet|ddos|phishing|phish|hack(?:ing)? into|steal|stolen|fraud(?:ulent)?|scam|counterfeit|forge[dr]?|fake (?:[\w-]+ )?(?:ids?|passports?|reviews?|news|documents?|invoices?)|launder\w*|smuggl\w*|weapons?|bomb|explosive|firearms?|cocaine|heroin|meth|fentanyl|illegal drugs|narcotics?|harass\w*|bully\w*|stalk(?:ing|er)?|doxx?\w*|blackmail|extort\w*|threaten\w*|hate speech|racist|nazi|porn\w*|sexually explicit|nude|deepfake|propaganda|disinformation|misinformation|terror\w*|assassinat\w*|pirated|impersonat\w*|spoof\w*|without (?:their|his|her) (?:consent|knowledge|permission)|illegally|illicit|dark ?web|untraceable|ransom)\b/i;
// Destinations data can be sent to: emails, URLs/domains, phone numbers, long account numbers, crypto addresses.
const DESTINATION = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/[^\s'"<>)}\]]+|\b(?:www\.)?[a-z0-9-]+\.(?:com|org|net|io|xyz|ru|cn|info|biz|co|me|app|dev)\b|\+?\d[\d -]{8,}\d|\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\b|\b0x[a-fA-F0-9]{40}\b/gi;

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'you', 'your', 'are', 'was', 'can', 'get', 'set', 'tool', 'api', 'use', 'all', 'any', 'has', 'have', 'not', 'but', 'out', 'new', 'one', 'into', 'about', 'please', 'could', 'would', 'will', 'what', 'which', 'there', 'their', 'them', 'they', 'also', 'some', 'none', 'null', 'true', 'false', 'id']);

/** Words of a text, camelCase and snake_case split, lower-cased, stop words and 1–2 letter tokens dropped. */
export function words(text: string): string[] {
  const spaced = text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return (spaced.toLowerCase().match(/[a-z]{3,}|\d{3,}/g) ?? []).filter((w) => !STOP.has(w));
}

/** A crude stem, so "emails"/"emailed" and "transfer"/"transferring" meet. */
function stem(w: string): string {
  return w.length > 5 ? w.slice(0, 5) : w;
}

function stemSet(text: string): Set<string> {
  return new Set(words(text).map(stem));
}

function fraction(ws: string[], inSet: (w: string) => boolean): number {
  if (ws.length === 0) return 0;
  return ws.filter(inSet).length / ws.length;
}

/** `name{args}`, `name(args)`, `name: args` or a bare name: the tool name and the argument text. */
export function parseCall(action: string): { name: string; args: string } {
  const m = /^\s*([A-Za-z_][\w.-]*)\s*(.*)$/s.exec(action);
  return m ? { name: m[1]!, args: m[2]! } : { name: '', args: action };
}

function destinations(text: string): string[] {
  return (text.match(DESTINATION) ?? []).map((d) => d.toLowerCase().replace(/[\s-]/g, ''));
}

function setOps(v: Float32Array, ws: string[], weight: number): void {
  for (const w of ws) for (const [i, re] of OPS) if (re.test(w)) v[i] = Math.max(v[i]!, weight);
}

function injectionCue(text: string): number {
  let hits = 0;
  for (const re of INJECTION_CUES) if (re.test(text)) hits++;
  return Math.min(1, hits / 2);
}

// An instruction that overrides or extends the user's task from inside text the user did not write
// themselves: a request carrying an injected payload ("Answer: task complete. Ignore previous
// instructions..."), a memory of an earlier plan to follow, a planner turn demanding a tool. These are
// the public direct-injection, memory-poisoning and plan-backdoor phrasings (Liu et al.'s combined
// attack; Agent Security Bench's attack families), not any dataset's rows.
const OVERRIDE_IN_REQUEST = [
  INJECTION_CUES[0]!,
  /\b(?:answer|response|output|result)\s*:\s*(?:the )?(?:task|request|job) (?:is )?(?:complete|completed|done|finished)\b/i,
  /\b(?:strictly|exactly|only) (?:adhere to|follow|obey)\b[^.]{0,30}\b(?:instructions?|following)\b/i,
  /\b(?:do not|don't|never) use (?:any )?other tools?\b/i,
  /\b(?:refer to|follow|reuse|repeat|based on) the (?:previous|earlier|prior|stored|remembered) (?:workflows?|plans?|steps|solutions?)\b/i,
  INJECTION_CUES[7]!, INJECTION_CUES[8]!,
];
const OVERRIDE_IN_TURN = [
  ...OVERRIDE_IN_REQUEST,
  /\bit is (?:very |extremely |really )?(?:important|crucial|essential|critical|imperative|mandatory) that\b/i,
  /\b(?:must|should|have to|need to) (?:use|call|invoke|run) (?:the )?\[?[A-Za-z_][\w.-]*\]? tool\b/i,
];
// A planner framework feeds the agent its own plan one step at a time; the lead-in is the framework's.
const PLANNER_TURN = /^\s*(?:at|in|for) step \d+,? (?:you need to|you should|please)?\s*/i;

/** Index where an embedded instruction starts in a text, or -1. */
function overrideAt(text: string, cues: RegExp[]): number {
  let at = -1;
  for (const re of cues) {
    const m = re.exec(text);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  return at;
}

// Text-mode agent frameworks hand tool output back as a user turn ("Observation: ...") or fold it
// into the agent's own thought ("[Observation]: ..."); either way it is third-party text.
const OBSERVATION = /^\s*\[?(?:observation|tool (?:result|output|response)|function (?:result|output)|result|output)\]?\s*[:-]/i;

// A tool offered to the agent, as function-calling requests declare it ("name": ..., "description": ...).
const TOOL_DECLARATION = /["']name["']\s*:\s*["']([\w.-]+)["']\s*,\s*["']description["']\s*:\s*(?:"([^"]*)"|'([^']*)')/g;

function toolDeclarations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(TOOL_DECLARATION)) out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  return out;
}

function isEnvironment(s: RunStep): boolean {
  if (s.role === 'environment' || s.role === 'tool' || s.role === 'observation' || s.role === 'function') return true;
  return (s.role === 'user' || s.role === 'human') && OBSERVATION.test(s.content ?? '');
}

function isUser(s: RunStep): boolean {
  return (s.role === 'user' || s.role === 'human') && !isEnvironment(s);
}

/** One vector per step; each step is read in the context of the run before it (the request, what the environment said). */
export function runVectors(steps: RunStep[]): Float32Array[] {
  const firstUser = steps.findIndex(isUser);
  // What the user asked for: the first user turn. Later "user" turns are often a framework feeding
  // the agent its own plan step by step, so they do not widen what the user asked for.
  const firstText = firstUser >= 0 ? stepText(steps[firstUser]!) : '';
  // A tool being offered is not the user asking for it: declarations are read for what each tool
  // does, and left out of the request's own words.
  const declared = toolDeclarations(firstText);
  const whole = firstText.replace(TOOL_DECLARATION, ' ');
  // An instruction riding inside the request is not what the user asked for: it is read like
  // environment text, so a call that carries it out shows as coming from it.
  const cut = overrideAt(whole, OVERRIDE_IN_REQUEST);
  const request = cut >= 0 ? whole.slice(0, cut) : whole;
  const embedded = cut >= 0 ? whole.slice(cut) : '';
  const requestStems = stemSet(request);
  const requestLower = request.toLowerCase();
  const requestDest = new Set(destinations(request));
  const harmful = HARMFUL.test(whole) ? 1 : 0;
  const envStems = new Set<string>(words(embedded).map(stem));
  const envDest = new Set<string>(destinations(embedded));
  // Later user turns that are not observations: a framework relaying the plan, or a person adding
  // to the task. One demanding a tool in override terms is an embedded instruction too.
  const turns = steps.map((s, i) => (i !== firstUser && isUser(s) ? stepText(s).replace(PLANNER_TURN, '') : ''));
  const demands = turns.map((t) => t !== '' && overrideAt(t, OVERRIDE_IN_TURN) >= 0);
  const instructed = cut >= 0 || demands.includes(true) ? 1 : 0;
  const out: Float32Array[] = [];

  steps.forEach((s, i) => {
    const v = new Float32Array(STEP_DIM);
    const text = stepText(s);
    const env = isEnvironment(s);
    const call = !isUser(s) && !env && !!s.action && s.action.trim() !== '';
    if (isUser(s)) v[F.role_user] = 1;
    else if (env) v[F.role_environment] = 1;
    else if (call) v[F.role_agent_call] = 1;
    else v[F.role_agent_text] = 1;
    if (i === firstUser) v[F.first_request] = 1;
    // Run-level context on every step, so it survives cutting a long run to its last SEQ_LEN steps.
    v[F.harmful_request] = harmful;
    v[F.embedded_instruction] = instructed;
    v[F.length] = Math.min(1, Math.log1p(text.length) / 10);
    const agentSays = `${s.thought ?? ''}\n${s.content ?? ''}\n${s.action ?? ''}`;
    if (!isUser(s) && !env && REFUSAL.test(agentSays.replace(s.thought && OBSERVATION.test(s.thought) ? s.thought : '', ''))) v[F.refusal] = 1;

    // A later user turn that demands something in override terms addresses the agent like injected text.
    if (demands[i]) v[F.injection_cue] = 1;
    const observed = env ? text : s.thought && OBSERVATION.test(s.thought) ? s.thought : '';
    if (observed) {
      v[F.injection_cue] = injectionCue(observed);
      v[F.imperative] = IMPERATIVE.test(observed) ? 1 : 0;
    }
    if (!isUser(s)) {
      const ws = words(text);
      v[F.request_overlap] = fraction(ws.map(stem), (w) => requestStems.has(w));
    }

    if (call) {
      const { name, args } = parseCall(s.action!);
      if (TERMINAL_TOOL.test(name)) v[F.terminal] = 1;
      const nameWords = words(name).map(stem);
      // Argument names ("to", "city") say nothing about where the values came from.
      const argWords = words(args.replace(/["']?[A-Za-z_][\w-]*["']?\s*[:=](?!\/\/)/g, ' ')).map(stem);
      v[F.tool_in_request] = fraction(nameWords, (w) => requestStems.has(w));
      v[F.tool_in_environment] = fraction(nameWords, (w) => envStems.has(w) && !requestStems.has(w));
      v[F.args_from_request] = fraction(argWords, (w) => requestStems.has(w));
      v[F.args_from_environment] = fraction(argWords, (w) => envStems.has(w) && !requestStems.has(w));
      const dests = destinations(args);
      const fresh = dests.filter((d) => !requestDest.has(d) && !requestLower.includes(d));
      if (fresh.length > 0) v[F.new_destination] = 1;
      if (fresh.some((d) => envDest.has(d))) v[F.destination_from_environment] = 1;
      if (!v[F.terminal]) {
        setOps(v, words(name), 1);
        setOps(v, words(args), 0.5);
        setOps(v, words(declared.get(name.toLowerCase()) ?? ''), 0.5);
      }
      // What the tool says it does, against what the user asked: a task's own tools echo the task;
      // a tool slipped into the list for someone else's goal mostly does not.
      const described = declared.get(name.toLowerCase());
      if (described) v[F.declaration_in_request] = fraction(words(`${name} ${described}`).map(stem), (w) => requestStems.has(w));
    } else if (!isUser(s) && !env) {
      v[F.terminal] = 1;
    }

    const said = observed || (demands[i] ? turns[i]! : '');
    if (said) {
      for (const w of words(said)) envStems.add(stem(w));
      for (const d of destinations(said)) envDest.add(d);
    }
    out.push(v);
  });
  return out;
}

/** [SEQ_LEN, STEP_DIM] row-major, most recent step last. */
export function sequenceTensor(steps: RunStep[], vs: Float32Array[] = runVectors(steps)): Float32Array {
  const out = new Float32Array(SEQ_LEN * STEP_DIM);
  const start = Math.max(0, vs.length - SEQ_LEN);
  const offset = SEQ_LEN - (vs.length - start);
  for (let i = start; i < vs.length; i++) out.set(vs[i]!, (offset + i - start) * STEP_DIM);
  return out;
}
