// content_type.h: the content type FilesApp names for a file
// (APP-FILES-7).
#pragma once

#include <optional>
#include <string_view>

namespace degu::apps {

// content_type_for: the content type for the file name name (the request's
// path components joined by '/', or "index.html"), or nothing when it has
// none.  Follows the original, which asks Python's mimetypes.guess_type
// (strict) about the name as if it were a URL, but with the fixed tables of
// content_types.inc instead of the host's mime.types files:
//   1. a prefix before the first ':' with no '/' is a URL scheme and is
//      dropped ("http:a.html" is looked up as "a.html"); the scheme "data"
//      (any case) gives nothing;
//   2. the extension is what follows the last '.' of the last component,
//      unless only dots precede that '.' in it (".html", "..html" have
//      none);
//   3. an alias extension, in any case, is replaced (".tgz": ".tar.gz");
//   4. then an encoding extension, in exact case (".gz", ".Z"), is dropped
//      and the extension before it is taken ("a.tar.gz": ".tar");
//   5. that extension, lower-cased, is looked up (".HTML": text/html).
std::optional<std::string_view> content_type_for(std::string_view name);

}  // namespace degu::apps
