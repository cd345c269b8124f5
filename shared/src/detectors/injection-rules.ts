import type { DetectorFinding } from './types.ts';

/**
 * Deterministic prompt-injection and jailbreak rules: phrases of the well-known attack families
 * (OWASP LLM01, published jailbreak taxonomies: instruction override, system-prompt extraction,
 * persona and mode switches, fake authority and chat-template delimiters, refusal suppression,
 * exfiltration requests, GCG-style adversarial suffixes). They back up the Bayesian model on the
 * canonical attacks a user expects flagged, and they name what they saw.
 *
 * Each rule carries a weight: the probability-like strength of its evidence on its own. Weights at or
 * above the injection threshold (0.75, injection-score.ts) are phrasings that ordinary requests do not
 * use; weaker cues (e.g. "from now on", "stay in character") only flag together with other evidence.
 * Look-alikes are kept out by requiring the phrase to be addressed to the model ("your system
 * prompt", not "a system prompt"; "ignore the previous instructions", not "ignore case").
 *
 * Cost: one cheap keyword test gates everything; each rule's regex starts with a literal keyword
 * alternation and its gaps are bounded, so a 4 KB text costs a few tens of microseconds.
 */

export type InjectionFamily =
  | 'instruction-override' | 'prompt-extraction' | 'persona-switch' | 'fake-delimiter'
  | 'refusal-suppression' | 'exfiltration' | 'adversarial-suffix';

export interface InjectionFinding extends DetectorFinding {
  type: InjectionFamily;
  weight: number;
}

/**
 * keys: the whole words (a few stems with \\w*) or marks a match of `re` starts with, as a regex
 * alternation; the scanner finds them all in one pass and `re` is tried only where they occur.
 */
interface Rule { rule: string; type: InjectionFamily; weight: number; keys: string; re: RegExp }

// Shared pieces. Gaps are bounded and stay inside a sentence so that words far apart do not combine.
const APOS = `['’]`;
const ALL = `(?:(?:all|any|every|each|the|of|your|these|those|such|its|that|this|entire|whole)\\s+){0,3}`;
const BEFORE = `(?:previous|prior|preceding|above|earlier|former|foregoing|original|initial|old|first|system|developer|default|given)`;
const RULES_NOUN = `(?:instructions?|directions?|directives?|rules|prompts?|guidelines|commands|orders|programming|constraints|restrictions|guardrails|policies|conversations?|context|messages?|text|input|content|tasks?|requests?)`;
const AI = `(?:you|AI|assistant|chatbot|bot|model|language model|ChatGPT|GPT(?:-?\\d)?|LLM|Claude|Gemini|Bard)`;
const LIMITS = `(?:restrictions|filters?|filtering|guidelines|censorship|censoring|limitations|limits|rules|constraints|boundaries|safeguards|guardrails|ethics|morals|morality|principles|content polic(?:y|ies)|(?:openai|anthropic)${APOS}?s? (?:polic(?:y|ies)|guidelines|rules))`;
const QUOTE = `["“'‘]?`;

const RULES: Rule[] = [
  // --- instruction override
  {
    rule: 'ignore-previous-instructions', type: 'instruction-override', weight: 0.9, keys: 'ignor\\w*|disregard\\w*|forget\\w*|overrid\\w*|bypass|discard|abandon|neglect|skip|drop|erase|delete|clear',
    re: new RegExp(`\\b(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass|discard|abandon|neglect|skip|drop|erase|delete|clear)\\s+${ALL}(?:of\\s+)?(?:the\\s+|your\\s+)?${BEFORE}\\s+(?:\\w+\\s+)?${RULES_NOUN}\\b`, 'gi'),
  },
  {
    // "ignore all instructions", "forget your rules", "disregard everything above": addressed without "previous".
    rule: 'ignore-your-instructions', type: 'instruction-override', weight: 0.8, keys: 'ignore|disregard|forget|override|bypass|discard|abandon',
    re: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass|discard|abandon)\\s+(?:(?:all|any)\\s+(?:of\\s+)?(?:your\\s+|the\\s+)?(?:instructions|directives|rules|guidelines|prompts)|your\\s+(?:\\w+\\s+)?(?:instructions|directives|rules|guidelines|programming|training|system prompt|prompt|restrictions|constraints)|(?:everything|all|anything)\\s+(?:(?:from|said|written|stated)\\s+)?(?:above|before|previously|prior|earlier|you(?:${APOS}ve| have| were) (?:been )?(?:told|given|instructed|taught))|(?:the\\s+|any\\s+)?(?:text|input|instructions|content|words)\\s+(?:below|above|that follows|after this|before this)|(?:all\\s+)?(?:the\\s+)?user${APOS}?s?\\s+(?:request|question|instructions?|task|query|prompt|input|text)|(?:all\\s+(?:of\\s+)?)?the\\s+above|what\\s+(?:i|you)\\s+(?:said|wrote|told you|were told)\\s+(?:before|above|earlier))\\b`, 'gi'),
  },
  {
    rule: 'do-not-follow-instructions', type: 'instruction-override', weight: 0.85, keys: 'do|don|stop|no|never',
    re: new RegExp(`\\b(?:do not|don${APOS}t|stop|no longer|never)\\s+(?:follow|obey|comply with|adhere to|listen to)(?:ing)?\\s+(?:${ALL}(?:${BEFORE}|your|the user${APOS}?s?|system)\\s+(?:\\w+\\s+)?${RULES_NOUN}\\b|(?:any\\s+|the\\s+)?instructions\\s+(?:after|below|above|that follow)\\b)`, 'gi'),
  },
  {
    rule: 'instructions-void', type: 'instruction-override', weight: 0.85,
    re: new RegExp(`\\b${BEFORE}\\s+(?:instructions|rules|directions|directives|prompt|guidelines)\\s+(?:are|were|is|have been|has been)\\s+(?:now\\s+)?(?:outdated|void|null and void|cancell?ed|revoked|invalid|obsolete|superseded|replaced|overridden|no longer (?:valid|in effect|apply|applicable)|wrong|fake|a test)\\b`, 'gi'),
    keys: 'previous|prior|preceding|above|earlier|former|foregoing|original|initial|old|first|system|developer|default|given',
  },
  {
    rule: 'new-instructions', type: 'instruction-override', weight: 0.6, keys: 'new|updated|revised|real|actual|true|additional|secret|hidden|priority|overriding',
    re: /\b(?:new|updated|revised|real|actual|true|additional|secret|hidden|priority|overriding)\s+(?:system\s+)?(?:instructions?|directives?|task|objective|goal|rules)\s*(?::|!|from\b|follow\b|take precedence|supersede|override)/gi,
  },
  {
    rule: 'instructions-from-authority', type: 'fake-delimiter', weight: 0.7, keys: 'instructions?|message|orders?|notice|directive|command|update|request',
    re: /\b(?:instructions?|message|orders?|notice|directive|command|update|request)\s+from\s+(?:the\s+|your\s+)?(?:system|admin|administrator|developers?|operator|openai|anthropic|security team|it department|creator|owner)\b/gi,
  },
  {
    rule: 'instead-do', type: 'instruction-override', weight: 0.35, keys: 'instead',
    re: new RegExp(`\\binstead,?\\s+(?:you\\s+(?:must|should|will|need to|have to)\\s+|just\\s+|only\\s+)?(?:say|print|output|write|respond|reply|answer|tell|return|repeat|translate|send|do)\\b`, 'gi'),
  },
  {
    rule: 'your-new-task', type: 'instruction-override', weight: 0.6, keys: 'your',
    re: /\byour\s+(?:new|real|actual|true|only|next)\s+(?:task|goal|objective|job|purpose|mission|instructions?|role)\s+(?:is|now|will be|:)/gi,
  },
  // --- system-prompt extraction
  {
    rule: 'reveal-system-prompt', type: 'prompt-extraction', weight: 0.85, keys: 'reveal|print|show|display|repeat|output|tell|give|share|leak|dump|write|recite|provide|disclose|expose|spell|paste|return|list|read|summari[sz]e',
    re: new RegExp(`\\b(?:reveal|print|show|display|repeat|output|tell|give|share|leak|dump|write|recite|provide|disclose|expose|spell|paste|return|list|read|summari[sz]e|translate)\\s+(?:out\\s+|back\\s+|me\\s+|us\\s+)*(?:all\\s+|the\\s+|of\\s+)*your\\s+(?:full\\s+|entire\\s+|exact\\s+|complete\\s+|original\\s+|hidden\\s+|secret\\s+|initial\\s+|internal\\s+|first\\s+|system\\s+|verbatim\\s+)*(?:system\\s*prompt|prompt|instructions|pre-?prompt|configuration|guidelines|rules|directives|context window|initiali[sz]ation)\\b`, 'gi'),
  },
  {
    rule: 'what-is-your-system-prompt', type: 'prompt-extraction', weight: 0.75, keys: 'what',
    re: /\bwhat\s+(?:is|are|was|were)\s+your\s+(?:(?:full|exact|original|initial|hidden|secret|system|first|internal)\s+)*(?:system\s*prompt|prompt|instructions)\b/gi,
  },
  {
    rule: 'repeat-text-above', type: 'prompt-extraction', weight: 0.6, keys: 'repeat|print|output|show|reveal|write|copy|starting|beginning',
    re: new RegExp(`\\b(?:repeat|print|output|show|reveal|write out|copy)\\s+(?:all\\s+|back\\s+)*(?:the\\s+)?(?:words|text|everything|instructions|content|lines|all)\\s+(?:(?:written\\s+)?above|before this|prior to this|that came before)|\\b(?:starting|beginning)\\s+with\\s+${QUOTE}you are\\b`, 'gi'),
  },
  {
    rule: 'reveal-secret', type: 'prompt-extraction', weight: 0.45, keys: 'reveal|tell|print|output|give|share|leak|spell|what',
    re: /\b(?:reveal|tell me|print|output|give me|share|leak|spell out|what is|what['’]s)\s+(?:the|your)\s+(?:(?:secret|hidden)\s+(?:key|password|code|token|word)|(?:password|passcode|passphrase)\b(?!\s+(?:for|to|of|policy|manager|reset|requirements)))/gi,
  },
  // --- persona and mode switches
  {
    rule: 'dan', type: 'persona-switch', weight: 0.9, keys: 'you|act|acting|pretend|pretending|become|named|called|play|playing|simulate|dan|do',
    // Case-sensitive: "DAN" is the persona, "Dan" is a name.
    re: /\b(?:[Yy]ou(?: are|'re|’re| will be)(?: now)?|[Aa]ct(?:ing)? as|[Pp]retend(?:ing)? to be|[Bb]ecome|[Nn]amed|[Cc]alled|[Pp]lay(?:ing)?(?: the role of)?|[Ss]imulate)\s+(?:a |an |the )?["“']?DAN\b|\bDAN [Mm]ode\b|\b[Dd]o [Aa]nything [Nn]ow\b/g,
  },
  {
    rule: 'jailbreak-mode', type: 'persona-switch', weight: 0.8, keys: 'jailbr\\w*|unrestricted|unfiltered|uncensored|unlocked|unchained|evil|amoral|opposite|anarchy|chaos|god|sudo|mode',
    re: /\b(?:jailbr(?:oken|eak)|unrestricted|unfiltered|uncensored|unlocked|unchained|evil|amoral|opposite|anarchy|chaos|god|sudo)\s+mode\b|\bmode\s*:\s*(?:jailbr\w*|unrestricted|unfiltered|uncensored|evil)\b/gi,
  },
  {
    rule: 'developer-mode', type: 'persona-switch', weight: 0.8, keys: 'you|ai|assistant|chatbot|bot|model|language|chatgpt|gpt\\w*|llm|claude|gemini|bard|developer|dev',
    re: new RegExp(`\\b${AI}\\s+(?:with|in|has|enters|entered|now in|is now in)\\s+(?:the\\s+)?(?:developer|dev|debug|maintenance|admin)\\s+mode\\b|\\b(?:developer|dev)[\\s_\\\\]+mode\\s*[:=]?\\s*(?:enabled|activated|output|response)\\b`, 'gi'),
  },
  {
    rule: 'you-are-unrestricted', type: 'persona-switch', weight: 0.85, keys: 'you',
    re: new RegExp(`\\byou\\s+(?:are|${APOS}re|will be|have been|become)\\s+(?:now\\s+|officially\\s+)?(?:jailbroken|free(?:d)?\\s+(?:from|of)\\s+(?:all\\s+|any\\s+|your\\s+)*${LIMITS}|liberated|unchained|unrestricted|unfiltered|uncensored|no longer bound|not bound)\\b`, 'gi'),
  },
  {
    rule: 'ai-without-restrictions', type: 'persona-switch', weight: 0.65, keys: 'you|ai|assistant|chatbot|bot|model|language|chatgpt|gpt\\w*|llm|claude|gemini|bard',
    re: new RegExp(`\\b${AI}\\b[^.\\n]{0,40}?\\b(?:without|with no|has no|have no|free (?:of|from)|not bound by|doesn${APOS}t have|does not have|don${APOS}t have|do not have|unbound by|ignores?|not (?:have to |need to )?(?:follow|abide by|adhere to|obey|care about))\\s+(?:any\\s+|all\\s+|the\\s+|your\\s+|its\\s+|ethical\\s+|moral\\s+|content\\s+|safety\\s+|kind of\\s+|such\\s+|usual\\s+|typical\\s+)*${LIMITS}\\b`, 'gi'),
  },
  {
    rule: 'amoral-persona', type: 'persona-switch', weight: 0.8, keys: 'act|acting|pretend|pretending|you|roleplay|role|simulate|play',
    re: new RegExp(`\\b(?:act(?:ing)? as|pretend(?:ing)? to be|you are|you${APOS}re|roleplay as|role-play as|simulate|play the role of)\\s+(?:a\\s+|an\\s+|the\\s+)?(?:\\w+\\s+){0,2}(?:unfiltered|uncensored|unrestricted|amoral|immoral|unethical|jailbroken|unhinged|lawless|evil|rogue|unbound)\\b`, 'gi'),
  },
  {
    rule: 'from-now-on', type: 'persona-switch', weight: 0.35, keys: 'from',
    re: /\bfrom\s+(?:now|this (?:moment|point))\s+on(?:wards)?,?\s+(?:you|your|act|respond|answer|reply|pretend|always|only)\b/gi,
  },
  {
    rule: 'stay-in-character', type: 'persona-switch', weight: 0.4, keys: 'stay|remain|keep|staying|remaining|keeping|break|breaking',
    re: /\b(?:stay|remain|keep|staying|remaining|keeping)\s+in\s+character\b|\bbreak(?:ing)?\s+character\b/gi,
  },
  {
    rule: 'two-responses', type: 'persona-switch', weight: 0.5, keys: 'two|both',
    re: /\b(?:two|both)\s+(?:different\s+|separate\s+)?(?:responses|answers|paragraphs|replies)\b[^.\n]{0,80}?\b(?:normal|classic|filtered|standard|censored)\b[^.\n]{0,80}?\b(?:jailbr\w*|DAN|developer mode|unfiltered|uncensored|evil|opposite|unrestricted)\b/gi,
  },
  {
    rule: 'ignore-ethics', type: 'refusal-suppression', weight: 0.55, keys: 'ignore|ignoring|disregard|disregarding|without|regardless|not|no',
    re: /\b(?:ignor(?:e|ing)|disregard(?:ing)?|without(?: any)?|regardless of|not (?:care|worry) about|no)\s+(?:any\s+|all\s+|the\s+)?(?:moral(?:s|ity)?|ethic(?:s|al)|legal(?:ity)?|safety)(?:\s+(?:or|and)\s+(?:moral|ethical|legal|safety))?\s+(?:implications|considerations|concerns|guidelines|restrictions|boundaries|constraints|limits|standards|rules)\b/gi,
  },
  {
    rule: 'fictional-purposes', type: 'refusal-suppression', weight: 0.25, keys: 'for',
    re: /\bfor\s+(?:purely\s+)?(?:fictional|hypothetical)\s+(?:reasons|purposes)\b/gi,
  },
  // --- fake authority and delimiters
  {
    rule: 'chat-template-token', type: 'fake-delimiter', weight: 0.7, keys: '<\\||\\[\\/?inst|<<\\/?sys|<\\/?sys|<(?:start|end)_of',
    re: /<\|(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id|end_header_id|eot_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|sys)>|<(?:start|end)_of_turn>/gi,
  },
  {
    rule: 'fake-system-header', type: 'fake-delimiter', weight: 0.6, keys: '##|\\*\\*|\\[|==|--|>>',
    re: /(?<=(?:^|\n)[ \t]*)(?:#{2,}|\*\*|\[|={2,}|-{2,}|>{2,})[ \t]*(?:system|admin|administrator|developer|root|new instructions?|override|important instructions?|end of (?:user )?input)\b[ \t]*(?:prompt|message|instructions?|override|update|notice)?[ \t]*(?:#{2,}|\*\*|\]|={2,}|-{2,}|<{2,}|:|\n)/gi,
  },
  {
    rule: 'admin-override', type: 'fake-delimiter', weight: 0.8, keys: 'admin|system|developer|root|sudo|security|emergency|master|override',
    re: /\b(?:admin(?:istrator)?|system|developer|root|sudo|security|emergency|master)\s+override\b|\boverride\s+(?:code|command|protocol|mode)\s*(?::|enabled|activated|accepted)/gi,
  },
  {
    rule: 'end-of-input', type: 'fake-delimiter', weight: 0.6, keys: 'end',
    re: /\bend\s+of\s+(?:user\s+)?(?:input|prompt|instructions|system prompt|conversation|user message)\b(?!\s+(?:is|was|are|were|in|of|and|to|for|stream|file|buffer|data|reached))/gi,
  },
  {
    rule: 'important-to-ai', type: 'fake-delimiter', weight: 0.35, keys: 'important|attention|urgent|warning|note|message|instructions?',
    // Case-sensitive capitals: shouted attention-grabbers placed in data for a model to read.
    re: /\b(?:IMPORTANT|ATTENTION|URGENT|WARNING|NOTE TO (?:AI|ASSISTANT|MODEL|CHATBOT|LLM|GPT))\s*(?:!+|:)|\b(?:[Nn]ote|[Mm]essage|[Ii]nstructions?) (?:to|for) (?:the |any )?(?:AI|assistant|model|chatbot|LLM|language model|agent)\b/g,
  },
  {
    rule: 'you-are-in-mode', type: 'persona-switch', weight: 0.8,
    re: /\byou\s+are\s+(?:now\s+)?(?:in|operating in|running in)\s+(?:the\s+)?(?:maintenance|debug|diagnostic|admin|developer|unrestricted|test|god|root|sudo|system)\s+mode\b/gi, keys: 'you',
  },
  {
    rule: 'mode-activated', type: 'fake-delimiter', weight: 0.45,
    // Weak alone: a pasted log can say "debug mode enabled"; an injected "SYSTEM MODE ACTIVATED" adds to the model.
    re: /\b(?:maintenance|debug|diagnostic|admin|system|test|god|root|sudo|override)\s+mode\s*(?::\s*)?(?:activated|enabled|engaged|unlocked|on)\b/gi, keys: 'maintenance|debug|diagnostic|admin|system|test|god|root|sudo|override',
  },
  {
    rule: 'jailbreak-tag', type: 'persona-switch', weight: 0.85, keys: '🔓|🔒|\\[\\\\?\\s*(?:🔓\\s*)?jailbr|\\/jailbr',
    // The answer tags and commands of the DAN family of prompts ("[🔓JAILBREAK]", "[🔒CLASSIC]", "/jailbreak").
    re: /\[\\?\s*(?:🔓\s*)?JAILBREAK\s*\\?\]|🔓\s*JAILBREAK|🔒\s*CLASSIC|(?<=^|\s)\/jailbr(?:eak|oken)\b/g,
  },
  {
    rule: 'unrestricted-model', type: 'persona-switch', weight: 0.5, keys: 'unfiltered|uncensored|unrestricted|unlimited|unbounded|jailbroken|amoral',
    re: new RegExp(`\\b(?:unfiltered|uncensored|unrestricted|unlimited|unbounded|jailbroken|amoral)(?:,?\\s+(?:and\\s+|completely\\s+|totally\\s+|fully\\s+)?(?:unfiltered|uncensored|unrestricted|unlimited|amoral|immoral|unethical))*\\s+(?:AI|language model|chatbot|assistant|model|version of (?:yourself|ChatGPT|GPT)|GPT|LLM)\\b`, 'gi'),
  },
  {
    rule: 'you-are-now-another', type: 'persona-switch', weight: 0.55, keys: 'you',
    re: /\byou\s+are\s+(?:now\s+a\s+(?:different|new|another)|no\s+longer\s+(?:a|an|the)|not\s+(?:a|an)\s+(?:\w+\s+)?(?:bot|assistant|AI|model|program)\s+(?:anymore|any more))\b/gi,
  },
  {
    rule: 'fake-role-label', type: 'fake-delimiter', weight: 0.4, keys: 'system|developer',
    // A line that opens as the system (or a new assistant turn) inside text the user or a page supplied.
    re: /(?<=(?:^|\n)[ \t]*)(?:System|SYSTEM|Developer|DEVELOPER)[ \t]*(?:message|prompt|MESSAGE|PROMPT)?[ \t]*:/g,
  },
  // --- refusal suppression
  {
    rule: 'never-refuse', type: 'refusal-suppression', weight: 0.65, keys: 'never|don|do|cannot|can|won|must|will|shall|unable',
    re: /\b(?:never|don['’]t|do not|cannot|can['’]t|won['’]t|must not|will not|shall not|unable to)\s+(?:ever\s+)?(?:refus(?:e|ing)|declin(?:e|ing)|reject(?:ing)?|deny(?:ing)?\s+(?:any|a|the|my)\s+(?:\w+\s+)?(?:request|question|prompt))\b/gi,
  },
  {
    rule: 'no-apology-phrases', type: 'refusal-suppression', weight: 0.7, keys: 'never|don|do|not|avoid|without',
    re: /\b(?:never|don['’]t|do not|not|avoid|without)\s+(?:ever\s+)?(?:use|say|saying|using|include|including|write|writing|respond with|add|adding|start with)\s+(?:any\s+)?(?:phrases|words|sentences|statements|anything|things)?\s*(?:like|such as)?\s*[:"“'‘]?\s*I(?:['’]m| am)?\s+(?:sorry|can['’]?not|can['’]t|unable|apologi[sz]e)/gi,
  },
  {
    rule: 'no-apology', type: 'refusal-suppression', weight: 0.4, keys: 'never|don|do|must|will|won|without',
    re: /\b(?:never|don['’]t|do not|must not|will not|won['’]t|without)\s+(?:ever\s+)?(?:apologi[sz]e|apologi[sz]ing|(?:include|add|give|provide)\s+(?:any\s+)?(?:warnings?|disclaimers?|moral(?:izing)?|lectures?|caveats))\b/gi,
  },
  {
    rule: 'begin-with-sure', type: 'refusal-suppression', weight: 0.8, keys: 'begin\\w*|start\\w*|open\\w*|preface\\w*',
    re: /\b(?:begin|start|open|preface)(?:s|ing)?\s+(?:your|the|each|every)\s+(?:reply|response|answer|output|message)s?\s+(?:with|by\s+(?:saying|writing|replying(?:\s+with)?)|using)\s*(?:the\s+(?:following|phrase|words|sentence)\s*)?[:\s]*["“'‘`]?\s*(?:sure|absolutely|certainly|of course|yes|here is|here are)\b/gi,
  },
  {
    rule: 'begin-by-saying-sure', type: 'refusal-suppression', weight: 0.35, keys: 'begin\\w*|start\\w*',
    // Weak: on the train split this phrasing is as common in role-play requests labelled benign
    // (WildGuard) as in attacks; it only adds to other evidence.
    re: /\b(?:begin|start)(?:s|ing)?\s+by\s+(?:saying|writing|stating|replying|responding|answering)(?:\s+with)?\s*[:\s]*["“'‘`]?\s*(?:sure|absolutely|certainly|of course)\b/gi,
  },
  {
    rule: 'sure-here-is', type: 'refusal-suppression', weight: 0.5, keys: `["“'‘]\\s*sure`,
    re: /["“'‘]\s*Sure,?\s+here\s+(?:is|are|['’]s)\b/gi,
  },
  // --- exfiltration addressed to the model
  {
    rule: 'send-data-to-address', type: 'exfiltration', weight: 0.75, keys: 'send|forward|email|mail|upload|post|transfer|exfiltrate|leak|copy|share|transmit|submit',
    re: /\b(?:send|forward|email|e-mail|mail|upload|post|transfer|exfiltrate|leak|copy|share|transmit|submit)\s+(?:(?:all|the|their|his|her|its|your|my|user['’]?s?|this|these|every|any|of|entire|whole|private|personal|sensitive|confidential|stored|saved|current)\s+){0,4}(?:files?|data|conversations?|chat(?: history| logs?)?|history|credentials|passwords?|secrets?|api keys?|keys|tokens?|cookies|contacts|e-?mails|messages|documents|contents?|information|details|records|logs|inbox|address book|ssh keys?|session)\b[^.\n]{0,60}?\b(?:to|at|into|via)\s+(?:\S+\s+){0,3}?(?:[\w.+-]+@[\w-]+\.[\w.-]+|https?:\/\/\S+)/gi,
  },
  {
    rule: 'markdown-image-exfil', type: 'exfiltration', weight: 0.7, keys: '!\\[',
    re: /!\[[^\]\n]{0,60}\]\(https?:\/\/[^)\s]{1,200}[?&][\w-]+=(?:\{|\[|<|\$|%7B)/gi,
  },
];

/**
 * Marks that start a rule match, longest first. Rules that want them at the start of a line check that
 * themselves: a lookbehind here would be evaluated at every position of the text (several times the
 * cost of the whole scan), in a sticky rule only where a mark is.
 */
const MARKS = String.raw`<\||\[\/?inst|<<\/?sys|<\/?sys|<(?:start|end)_of|🔓|🔒|\[\\?\s*(?:🔓\s*)?jailbr|\/jailbr|["“'‘]\s*sure|!\[|#{2}|\*\*|={2}|-{2}|>{2}|\[`;
const WORDS = [...new Set(RULES.flatMap((r) => r.keys.split('|').filter((k) => /^[a-z][\w\\*?[\]]*$/.test(k))))];
const MARK_SCANNER = new RegExp(MARKS, 'gi');
const STICKY = RULES.map((r) => new RegExp(r.re.source, r.re.flags.replace('g', '') + 'y'));
const KEY = RULES.map((r) => new RegExp(`^(?:${r.keys})$`, 'i'));

/**
 * One pass finds every word that is a key. The alternation is grouped by first letter (a one-level
 * trie): V8 then tries only the keys that start with the letter it is at, about twice as fast as a
 * flat list of every key.
 */
const WORD_SCANNER = (() => {
  const byFirst = new Map<string, string[]>();
  for (const k of WORDS) byFirst.set(k[0]!, [...(byFirst.get(k[0]!) ?? []), k.slice(1)]);
  return new RegExp(`\\b(?:${[...byFirst].map(([c, rest]) => `${c}(?:${rest.join('|')})`).join('|')})\\b`, 'gi');
})();

/** Which rules a found word or mark can start, cached by its lower-case text (bounded: stems match many words). */
const byHit = new Map<string, number[]>();
function rulesFor(hit: string): number[] {
  const k = hit.toLowerCase();
  let ids = byHit.get(k);
  if (!ids) {
    ids = RULES.map((_, i) => i).filter((i) => KEY[i]!.test(k));
    if (byHit.size > 4096) byHit.clear();
    byHit.set(k, ids);
  }
  return ids;
}

/** Findings per rule are capped: the first few spans say enough and a hostile text cannot blow up the list. */
const MAX_PER_RULE = 4;

export function detectInjectionRules(text: string): InjectionFinding[] {
  const out: InjectionFinding[] = [];
  const count = new Uint8Array(RULES.length);
  const lastEnd = new Int32Array(RULES.length);
  const tryAt = (at: number, hit: string) => {
    for (const i of rulesFor(hit)) {
      if (count[i]! >= MAX_PER_RULE || at < lastEnd[i]!) continue;
      const re = STICKY[i]!;
      re.lastIndex = at;
      const r = re.exec(text);
      if (r === null || r[0].length === 0) continue;
      const rule = RULES[i]!;
      out.push({ type: rule.type, rule: rule.rule, weight: rule.weight, start: at, end: at + r[0].length });
      lastEnd[i] = at + r[0].length;
      count[i]!++;
    }
  };
  WORD_SCANNER.lastIndex = 0;
  for (let m = WORD_SCANNER.exec(text); m !== null; m = WORD_SCANNER.exec(text)) tryAt(m.index, m[0]);
  MARK_SCANNER.lastIndex = 0;
  for (let m = MARK_SCANNER.exec(text); m !== null; m = MARK_SCANNER.exec(text)) tryAt(m.index, m[0]);
  const suffix = adversarialSuffix(text);
  if (suffix) out.push(suffix);
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

// --- adversarial suffixes (GCG and similar token soup)

/** How many whitespace-separated tokens at the end of the text are examined. */
const SUFFIX_TOKENS = 16;
const MIN_TOKENS = 8;

/**
 * GCG-style suffixes (Zou et al. 2023) are optimised token soup appended to a request: words glued to
 * brackets and backslashes, stray markup (`](`, `**`, `\!--`), case changes inside a word
 * ("similarlyNow"). The test looks at the last line's final tokens: the share that are "odd" (carry a
 * symbol other than ordinary sentence punctuation, or change case inside the word) must be high while
 * the text does not look like code or a table, where symbols are normal.
 */
export function adversarialSuffix(text: string): InjectionFinding | null {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (end - lineStart < 40) return null;
  // Tables, quoted lines and list items are data; code has its own symbol-heavy shape.
  const first = text.charCodeAt(lineStart);
  if (first === 124 /* | */ || first === 62 /* > */) return null;
  if (/```|`[^`\n]+`|\b(?:def|function|return|import|const|let|var|class|public|private|SELECT|FROM)\b|=>|;\s*$|\)\s*\{/.test(text.slice(lineStart, end))) return null;
  const tokens: { s: number; e: number }[] = [];
  for (let i = end; i > lineStart && tokens.length < SUFFIX_TOKENS;) {
    let j = i;
    while (j > lineStart && !/\s/.test(text[j - 1]!)) j--;
    if (j < i) tokens.push({ s: j, e: i });
    i = j;
    while (i > lineStart && /\s/.test(text[i - 1]!)) i--;
  }
  if (tokens.length < MIN_TOKENS) return null;
  // Counted from the end; judged over the last 8, 12 and 16 tokens, since suffixes differ in length and
  // the request before them is ordinary prose that dilutes a longer window.
  let odd = 0;
  let words = 0;
  let digits = 0;
  let round = 0, square = 0, curly = 0;
  let best: { weight: number; start: number } | null = null;
  for (let n = 0; n < tokens.length; n++) {
    const t = tokens[n]!;
    const tok = text.slice(t.s, t.e);
    for (let k = 0; k < tok.length; k++) {
      const c = tok[k];
      if (c === '(') round++; else if (c === ')') round--; else if (c === '[') square++; else if (c === ']') square--; else if (c === '{') curly++; else if (c === '}') curly--;
    }
    if (/[A-Za-z]{2}/.test(tok)) words++;
    if (/\d/.test(tok)) digits++;
    // A format slot ("{name}", "<file>", "[address],"), markdown emphasis ("*italic*") or a hashtag is
    // ordinary text, not soup.
    const slot = /^(?:[{<[*_]+[A-Za-z]+[}>\]*_]*|[A-Za-z]+[}>\]*_]+|#[A-Za-z]+)[.,:;]?$/.test(tok);
    // Two or more symbols once one sentence mark and ellipses are set aside ("Abr));", "fo=\\") is not how
    // prose punctuates.
    const bare = tok.replace(/\.{2,}|…/g, '');
    const marks = bare.replace(/^["“'‘(]|[.,!?;:]$|["”'’)]$/g, '').replace(/[\w\s]/g, '').length;
    if (!slot && (ODD_SYMBOL.test(bare) || /[a-z]{2}[A-Z]/.test(tok) || /[A-Za-z][.,!?;:]+[A-Za-z([{]/.test(tok) || marks >= 2)) odd++;
    const size = n + 1;
    if (size !== 8 && size !== 12 && size !== SUFFIX_TOKENS) continue;
    // Token soup still reads as words: a run of numbers or symbols alone is data, not a suffix. Logs and
    // measurements are symbol-heavy too, but full of numbers; optimised suffixes rarely are.
    if (words < size / 2 || digits > size / 5) continue;
    const share = odd / size;
    // Optimised suffixes leave brackets open or closed out of order; prose and code balance them.
    const unbalanced = Math.abs(round) + Math.abs(square) + Math.abs(curly);
    const weight = share >= 0.5 ? 0.85 : share >= 0.4 || (share >= 0.25 && unbalanced >= 3) ? 0.6 : 0;
    if (weight > (best?.weight ?? 0)) best = { weight, start: t.s };
  }
  return best ? { type: 'adversarial-suffix', rule: 'token-soup-suffix', weight: best.weight, start: best.start, end } : null;
}

/** Symbols that ordinary prose does not put inside or next to its words. */
const ODD_SYMBOL = /[\\{}[\]<>|^~`@#$%*=+_]|\]\(|!--|\(\s*$|^[^\w\s]{2,}$/;
