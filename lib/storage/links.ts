/** The staff URL of a stored file: the only way to its bytes (the route checks the file's permission). */
export const fileUrl = (fileId: string, { download = false }: { download?: boolean } = {}) => `/api/files/${fileId}${download ? "?download=1" : ""}`;
