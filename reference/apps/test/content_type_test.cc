// content_type_test.cc: content_type_for (APP-FILES-7).
//
// Every expectation below is what Python 3.11's mimetypes.MimeTypes()
// (the built-in strict tables, as the original's FilesApp consults them
// when the host has no mime.types file) answers for the same name.  With
// the host's /etc/mime.types the original answers differently for many
// extensions (".js": text/javascript instead of application/javascript on
// a Debian host); the reference pins the built-in tables.
#include "degu/apps/content_type.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace degu::apps {
namespace {

struct Case {
  std::string_view name;
  std::optional<std::string_view> type;
};

const Case kCases[] = {
    {"index.html", "text/html"},
    {"a.txt", "text/plain"},
    {"A.HTML", "text/html"},
    {"x.Html", "text/html"},
    {".html", std::nullopt},
    {"..html", std::nullopt},
    {"a..txt", "text/plain"},
    {"a.", std::nullopt},
    {".", std::nullopt},
    {"..x.y", std::nullopt},
    {"sub/x.json", "application/json"},
    {"sub.d/README", std::nullopt},
    {"sub.html/x", std::nullopt},
    {"README", std::nullopt},
    {"x.tar.gz", "application/x-tar"},
    {"x.tgz", "application/x-tar"},
    {"x.TGZ", "application/x-tar"},
    {"x.tar.Z", "application/x-tar"},
    {"x.tar.z", std::nullopt},
    {"f.gz", std::nullopt},
    {"f.GZ.txt", "text/plain"},
    {"x.svgz", "image/svg+xml"},
    {"x.txz", "application/x-tar"},
    {"x.tbz2", "application/x-tar"},
    {"x.tar.bz2", "application/x-tar"},
    {"x.tar.br", "application/x-tar"},
    {"data:x.html", std::nullopt},
    {"DATA:x.html", std::nullopt},
    {"Data:x", std::nullopt},
    {"http:a.html", "text/html"},
    {"a:.html", std::nullopt},
    {"a:b:c.png", "image/png"},
    {"sub/a:.html", "text/html"},
    {"a.b:c", std::nullopt},
    {"x.html:y", std::nullopt},
    {"s.js", "application/javascript"},
    {"big.bin", "application/octet-stream"},
    {"p.png", "image/png"},
    {"x.jpg", "image/jpeg"},
    {"x.webp", std::nullopt},
    {"x.rtf", std::nullopt},
    {"x.py", "text/x-python"},
    {"a/b/c.css", "text/css"},
    {"~x.svg", "image/svg+xml"},
    {"x.JSON", "application/json"},
    {"x+y.mp4", "video/mp4"},
    {"x.3gp", "audio/3gpp"},
    {".hidden", std::nullopt},
    {"x.tar.gz.gz", std::nullopt},
    {"x.gz.tgz", "application/x-tar"},
    {"x.tar", "application/x-tar"},
    {"x..gz", std::nullopt},
    {":a.html", "text/html"},
    {"", std::nullopt},
    {"x.webmanifest", "application/manifest+json"},
    {"a/.b/c", std::nullopt},
    {"a.b/.c", std::nullopt},
};

TEST(ContentType, AsPythonsBuiltInTables) {
  for (const Case& c : kCases) {
    EXPECT_EQ(content_type_for(c.name), c.type) << c.name;
  }
}

}  // namespace
}  // namespace degu::apps
