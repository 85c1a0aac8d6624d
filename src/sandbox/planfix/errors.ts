// Planfix error codes (strings: the leading zeros are part of the code) and the error the
// method handlers throw to answer `<response status="error">`.

export const errorMessages: Readonly<Record<string, string>> = {
  '0001': 'Wrong API key',
  '0003': 'XML parse error',
  '0004': 'Unknown account',
  '0005': 'The session has expired',
  '0006': 'Wrong signature',
  '0007': 'The daily request limit has been spent',
  '0008': 'Unknown function',
  '0009': 'A required parameter is missing',
  '0012': 'Authentication error: no session or the token does not exist',
  '0013': 'Undefined user',
  '0014': 'The user is inactive',
  '0015': 'Invalid parameter value',
  '0016': 'The value is not allowed here',
  '0017': 'A dependent value is missing',
  '0018': 'Not implemented',
  '0020': 'Not allowed',
  '0021': 'Too many objects requested',
  '0101': 'The object does not exist',
  '1001': 'Wrong login or password',
  '1002': 'No rights for this request',
  '2001': 'The project does not exist',
  '2002': 'No rights for this project',
  '3001': 'The task does not exist',
  '3002': 'No access to the parent task',
  '3003': 'The project of the task does not exist',
  '3004': 'The project of the task is not available',
  '3006': 'The start time cannot be later than the end time',
  '3008': 'No access to the task',
  '3009': 'No right to change the task',
  '3010': 'The task cannot be rejected',
  '3011': 'The task cannot be accepted',
  '3012': 'The caller is not an assignee of the task',
  '3013': 'The task has not been accepted',
  '5001': 'The user group does not exist',
  '6004': 'The user does not exist',
  '7002': 'The client does not exist',
  '8002': 'The contact does not exist',
  '8010': 'Incorrect e-mail address',
};

/**
 * An error answer. Only `code` goes on the wire (the documented format is
 * `<response status="error"><code>…</code></response>`); the message is the sandbox's own
 * explanation, kept in `stats.lastErrors`.
 */
export class PlanfixError extends Error {
  readonly code: string;
  /** The function that answered it, filled in by the pipeline. */
  method?: string;

  constructor(code: string, detail?: string) {
    const base = errorMessages[code] ?? 'Error';
    super(detail ? `${base}: ${detail}` : base);
    this.code = code;
  }
}
