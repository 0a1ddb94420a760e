/** A page as fetched: final URL after redirects and the body decoded to a string, or a document's raw bytes. */
export interface FetchedPage {
  /** URL after following redirects. */
  url: string;
  status: number;
  /**
   * Lower-cased media type without parameters, e.g. "text/html"; "application/pdf" for a PDF and the .docx type
   * (application/vnd.openxmlformats-officedocument.wordprocessingml.document) for a Word document, whatever the label;
   * "application/msword" for an old .doc, kept as bytes only so the reader can name it in its refusal.
   */
  contentType: string;
  /** Body decoded with the charset from header, BOM or <meta>; '' when `bytes` is set. */
  body: string;
  /** The raw body when it is a document to read as bytes (a PDF by its %PDF- signature, a .docx, an old .doc), not a page. */
  bytes?: Uint8Array;
}

/** Fetches untrusted URLs safely (SSRF guard, size and time limits, content-type check). */
export interface PageFetcher {
  /** Throws AppError: URL_NOT_ALLOWED, BLOCKED_ADDRESS, FETCH_FAILED, FETCH_TIMEOUT, HTTP_STATUS, TOO_MANY_REDIRECTS, TOO_LARGE, UNSUPPORTED_CONTENT_TYPE. */
  fetchPage(url: string): Promise<FetchedPage>;
}
