export { cleanText, escapeHtml, escapeHtmlAttribute, linkableUrl, shortenAtWord } from './escape.js';
export { EVIDENCE_DISPLAY_CHARS, renderDigestHtml } from './html.js';
export { countriesToShow, creditName, describePerson, type DigestLabels, formatDate, labelsFor } from './labels.js';
export { splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT, telegramPlainText, telegramTextLength } from './split.js';
export { renderDigestJson, renderDigestText } from './text.js';
