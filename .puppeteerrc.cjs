/** Kiểm Chứng uses the system Chromium (Debian package `chromium`), never a downloaded browser. */
module.exports = { skipDownload: true };
