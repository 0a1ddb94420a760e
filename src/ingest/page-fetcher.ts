/** A page as fetched: final URL after redirects and the body decoded to a string. */
export interface FetchedPage {
  /** URL after following redirects. */
  url: string;
  status: number;
  /** Lower-cased media type without parameters, e.g. "text/html". */
  contentType: string;
  /** Body decoded with the charset from header, BOM or <meta>. */
  body: string;
}

/** Fetches untrusted URLs safely (SSRF guard, size and time limits, content-type check). */
export interface PageFetcher {
  /** Throws AppError: URL_NOT_ALLOWED, BLOCKED_ADDRESS, FETCH_FAILED, FETCH_TIMEOUT, HTTP_STATUS, TOO_MANY_REDIRECTS, TOO_LARGE, UNSUPPORTED_CONTENT_TYPE. */
  fetchPage(url: string): Promise<FetchedPage>;
}
