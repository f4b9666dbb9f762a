// files_app_test.cc: FilesApp (APP-FILES-1..8).
//
// Facts from the original (degu 0.19 FilesApp, served by
// degu.server.Server on AF_UNIX over the same tree as the Files fixture;
// bytes as received):
//   GET /a.txt  -> "HTTP/1.1 200 OK\r\ncontent-length: 12\r\ncontent-type:
//                  text/plain\r\n\r\nhello world\n", connection kept
//   GET /, GET /index.html -> the same response (index.html), text/html;
//     but GET /sub/ does not look for sub/index.html (see below)
//   HEAD        -> the same headers, no body
//   GET /missing, /sub/missing, HEAD /missing, GET /missing with a range
//               -> "HTTP/1.1 404 Not Found\r\n\r\n", connection kept
//   GET /sub, /sub/, /emptydir, /. (directories), /a.txt/, /a.txt/x (not a
//     directory) -> nothing sent, connection closed (the application
//     raises IsADirectoryError / NotADirectoryError)
//   HEAD /sub, /sub/, /. -> "HTTP/1.1 200 OK\r\ncontent-length: 4096\r\n\r\n"
//     (the directory's st_size): the reference answers HEAD as GET and
//     closes instead (proposed erratum)
//   PUT, POST, DELETE /a.txt -> "HTTP/1.1 405 Method Not Allowed\r\n\r\n",
//     closed; PUT or POST with a body -> nothing (body unread,
//     SRV-CONSUME-1)
//   a ".." component -> 400 Bad Request (unreachable on the wire: the
//     request line is refused first, URI-PATH-4)
//   range: LAST < size -> "206 Partial Content" with content-length,
//     content-range "bytes FIRST-LAST/SIZE" and content-type, for GET and
//     HEAD; LAST >= size (also any range on an empty file) ->
//     "HTTP/1.1 416 Range Not Satisfiable\r\n\r\n", closed
//   content-type: from Python's mimetypes; none for README, .hidden,
//     data:x.html, f.gz; application/x-tar for x.tar.gz
//   symbolic links are followed, also out of the directory
#include "degu/apps/files_app.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "degu/apps/router.h"
#include "degu/io/writer.h"
#include "file_blocks.h"
#include "test_util.h"

namespace degu::apps {
namespace {

using core::Method;
using test::Exchange;
using test::serve;
using test::TempDir;

constexpr std::size_t kMiB = 1048576;

std::string big_data() {
  std::string data(kMiB + 12345, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i * 7 + i / 251) % 256);
  }
  return data;
}

// Files: the tree the original was run over.
class Files : public ::testing::Test {
 protected:
  Files() {
    dir_.write("index.html", "<h1>home</h1>\n");
    dir_.write("a.txt", "hello world\n");
    dir_.write("empty.txt", "");
    dir_.write("big.bin", big_data());
    dir_.write("README", "noext");
    dir_.write(".hidden", "h");
    dir_.write("data:x.html", "d");
    dir_.write("x.tar.gz", "tgz");
    dir_.write("f.gz", "gz");
    dir_.write("a..txt", "dots");
    dir_.mkdir("sub");
    dir_.write("sub/x.json", "{}");
    dir_.write("sub/index.html", "sub index");
    dir_.mkdir("emptydir");
    std::filesystem::create_directory_symlink("sub", dir_.path() + "/sublink");
  }

  Exchange run(const std::string& input) { return serve(app_, input); }
  std::string sent(const std::string& input) { return run(input).written; }

  TempDir dir_;
  FilesApp app_{dir_.path()};
};

std::string get(const std::string& uri, const std::string& headers = "") {
  return "GET " + uri + " HTTP/1.1\r\n" + headers + "\r\n";
}
std::string head(const std::string& uri, const std::string& headers = "") {
  return "HEAD " + uri + " HTTP/1.1\r\n" + headers + "\r\n";
}
std::string ranged(const std::string& range) {
  return "range: bytes=" + range + "\r\n";
}

// ok: the 200 answer to GET (with_body) or HEAD.
std::string ok(const std::string& data, const std::string& type,
               bool with_body = true) {
  std::string r =
      "HTTP/1.1 200 OK\r\ncontent-length: " + std::to_string(data.size()) +
      "\r\n";
  if (!type.empty()) {
    r += "content-type: " + type + "\r\n";
  }
  return r + "\r\n" + (with_body ? data : "");
}

std::string partial(const std::string& data, std::size_t first,
                    std::size_t last, std::size_t total,
                    const std::string& type, bool with_body = true) {
  std::string r = "HTTP/1.1 206 Partial Content\r\ncontent-length: " +
                  std::to_string(last - first + 1) +
                  "\r\ncontent-range: bytes " + std::to_string(first) + "-" +
                  std::to_string(last) + "/" + std::to_string(total) + "\r\n";
  if (!type.empty()) {
    r += "content-type: " + type + "\r\n";
  }
  return r + "\r\n" + (with_body ? data.substr(first, last - first + 1) : "");
}

const std::string kNotFound = "HTTP/1.1 404 Not Found\r\n\r\n";
const std::string kNotAllowed = "HTTP/1.1 405 Method Not Allowed\r\n\r\n";
const std::string kUnsatisfiable = "HTTP/1.1 416 Range Not Satisfiable\r\n\r\n";

TEST_F(Files, GetServesTheFileAndKeepsTheConnection) {  // APP-FILES-5.
  auto ex = run(get("/a.txt") + get("/a.txt"));
  EXPECT_EQ(ex.written, ok("hello world\n", "text/plain") +
                            ok("hello world\n", "text/plain"));
  EXPECT_EQ(ex.closed, server::CloseReason::eof);
  EXPECT_EQ(sent(get("/empty.txt")), ok("", "text/plain"));
  EXPECT_EQ(sent(get("/a..txt")), ok("dots", "text/plain"));
  EXPECT_EQ(sent(get("/a.txt?x=1")), ok("hello world\n", "text/plain"));
}

TEST_F(Files, EmptyPathIsIndexHtml) {  // APP-FILES-4.
  const std::string index = ok("<h1>home</h1>\n", "text/html");
  EXPECT_EQ(sent(get("/")), index);
  EXPECT_EQ(sent(get("/index.html")), index);
  EXPECT_EQ(sent(get("/?q")), index);
  // Only the whole path: "/sub/" names "sub/", a directory.
  EXPECT_EQ(sent(get("/sub/index.html")), ok("sub index", "text/html"));
  EXPECT_EQ(run(get("/sub/")).closed, server::CloseReason::app_failed);
}

TEST_F(Files, HeadHasTheHeadersAndNoBody) {  // APP-FILES-5.
  EXPECT_EQ(sent(head("/a.txt")), ok("hello world\n", "text/plain", false));
  EXPECT_EQ(sent(head("/")), ok("<h1>home</h1>\n", "text/html", false));
  EXPECT_EQ(sent(head("/empty.txt")), ok("", "text/plain", false));
  EXPECT_EQ(sent(head("/big.bin")),
            ok(big_data(), "application/octet-stream", false));
}

TEST_F(Files, ContentTypeFromTheName) {  // APP-FILES-7.
  EXPECT_EQ(sent(get("/README")), ok("noext", ""));
  EXPECT_EQ(sent(get("/.hidden")), ok("h", ""));
  EXPECT_EQ(sent(get("/data:x.html")), ok("d", ""));
  EXPECT_EQ(sent(get("/f.gz")), ok("gz", ""));
  EXPECT_EQ(sent(get("/x.tar.gz")), ok("tgz", "application/x-tar"));
  EXPECT_EQ(sent(get("/sub/x.json")), ok("{}", "application/json"));
}

TEST_F(Files, SubdirectoriesAndLinks) {  // APP-FILES-4.
  EXPECT_EQ(sent(get("/sublink/x.json")), ok("{}", "application/json"));
  EXPECT_EQ(sent(get("/./a.txt")), ok("hello world\n", "text/plain"));
  TempDir outside;
  outside.write("o.txt", "out");
  std::filesystem::create_symlink(outside.path() + "/o.txt",
                                  dir_.path() + "/out.txt");
  EXPECT_EQ(sent(get("/out.txt")), ok("out", "text/plain"));
}

TEST_F(Files, MissingIs404AndKeepsTheConnection) {  // APP-FILES-4.
  auto ex = run(get("/missing") + head("/missing") + get("/sub/missing") +
                get("/missing", ranged("0-0")));
  EXPECT_EQ(ex.written, kNotFound + kNotFound + kNotFound + kNotFound);
  EXPECT_EQ(ex.closed, server::CloseReason::eof);
}

TEST_F(Files, DirectoryOrNotADirectoryClosesUnanswered) {  // APP-FILES-4.
  for (const char* uri : {"/sub", "/sub/", "/emptydir", "/emptydir/", "/.",
                          "/sublink", "/a.txt/", "/a.txt/x"}) {
    for (const auto& request : {get(uri), head(uri), get(uri, ranged("1-3"))}) {
      auto ex = run(request);
      EXPECT_EQ(ex.written, "") << request;
      EXPECT_EQ(ex.closed, server::CloseReason::app_failed) << request;
    }
  }
}

TEST_F(Files, OtherMethodsAre405) {  // APP-FILES-1.
  for (const char* m : {"PUT", "POST", "DELETE"}) {
    auto ex = run(std::string(m) + " /a.txt HTTP/1.1\r\n\r\n" + get("/a.txt"));
    EXPECT_EQ(ex.written, kNotAllowed) << m;
    EXPECT_EQ(ex.closed, server::CloseReason::status) << m;
    EXPECT_EQ(sent(std::string(m) + " /missing HTTP/1.1\r\n\r\n"), kNotAllowed);
  }
  EXPECT_EQ(sent("PUT /a.txt HTTP/1.1\r\nrange: bytes=1-3\r\n\r\n"),
            kNotAllowed);
  // The body is left unread, so the 405 is not sent (SRV-CONSUME-1).
  auto ex = run("PUT /a.txt HTTP/1.1\r\ncontent-length: 1\r\n\r\nx");
  EXPECT_EQ(ex.written, "");
  EXPECT_EQ(ex.closed, server::CloseReason::body_not_consumed);
}

TEST_F(Files, DotDotIs400) {  // APP-FILES-3.
  server::Session s;
  for (const auto& path : std::vector<std::vector<std::string>>{
           {".."}, {"sub", ".."}, {"..", "a.txt"}, {"sub", "..", "a.txt"}}) {
    for (Method m : {Method::get, Method::head}) {
      auto r = test::request(m, path);
      auto resp = test::response(app_(s, r));
      EXPECT_EQ(resp.status, 400u);
      EXPECT_EQ(resp.reason, "Bad Request");
      EXPECT_TRUE(resp.headers.empty());
      EXPECT_EQ(resp.body.framing(), core::Framing::none());
    }
  }
  // The method is checked first.
  auto put = test::request(Method::put, {".."});
  EXPECT_EQ(test::response(app_(s, put)).status, 405u);
  // On the wire the request line is refused before FilesApp is called.
  auto ex = run(get("/sub/../a.txt"));
  EXPECT_EQ(ex.written, "");
  EXPECT_EQ(ex.closed, server::CloseReason::request_error);
}

TEST_F(Files, ComponentsNoRequestLineCarriesAre400) {  // APP-FILES-3.
  server::Session s;
  for (const auto& path :
       std::vector<std::vector<std::string>>{{"", "etc"},
                                             {"sub", "", "x.json"},
                                             {"sub/x.json"},
                                             {std::string("a.txt\0x", 7)}}) {
    auto r = test::request(Method::get, path);
    EXPECT_EQ(test::response(app_(s, r)).status, 400u) << path.size();
  }
  // A final empty component is what "/a/" gives: not refused.
  auto r = test::request(Method::get, {""});
  EXPECT_EQ(test::response(app_(s, r)).status, 404u);
}

TEST_F(Files, RangeIsPartialContent) {  // APP-FILES-6.
  const std::string a = "hello world\n";
  for (auto [first, last] :
       {std::pair<std::size_t, std::size_t>{0, 0}, {0, 11}, {11, 11}, {3, 5}}) {
    const std::string range =
        ranged(std::to_string(first) + "-" + std::to_string(last));
    auto ex = run(get("/a.txt", range) + head("/a.txt", range));
    EXPECT_EQ(ex.written, partial(a, first, last, 12, "text/plain") +
                              partial(a, first, last, 12, "text/plain", false));
    EXPECT_EQ(ex.closed, server::CloseReason::eof);
  }
  EXPECT_EQ(sent(get("/", ranged("1-3"))),
            partial("<h1>home</h1>\n", 1, 3, 14, "text/html"));
  EXPECT_EQ(sent(get("/README", ranged("1-2"))), partial("noext", 1, 2, 5, ""));
}

TEST_F(Files, RangeBeyondTheFileIs416AndCloses) {  // APP-FILES-6.
  for (const char* range : {"0-12", "12-12", "5-100", "0-9999999999999998",
                            "9999999999999998-9999999999999998"}) {
    for (const auto& request :
         {get("/a.txt", ranged(range)), head("/a.txt", ranged(range))}) {
      auto ex = run(request + get("/a.txt"));
      EXPECT_EQ(ex.written, kUnsatisfiable) << request;
      EXPECT_EQ(ex.closed, server::CloseReason::status) << request;
    }
  }
  EXPECT_EQ(sent(get("/empty.txt", ranged("0-0"))), kUnsatisfiable);
}

TEST_F(Files, PipelinedAsTheOriginalAnswered) {
  auto ex = run(get("/a.txt") + get("/missing") + get("/a.txt", ranged("0-1")) +
                get("/a.txt", ranged("0-99")) + get("/a.txt"));
  EXPECT_EQ(ex.written, ok("hello world\n", "text/plain") + kNotFound +
                            partial("hello world\n", 0, 1, 12, "text/plain") +
                            kUnsatisfiable);
  EXPECT_EQ(ex.responses, 4u);
}

TEST_F(Files, LargeFileWholeAndAcrossABlockBoundary) {  // APP-FILES-8.
  const std::string big = big_data();
  EXPECT_EQ(sent(get("/big.bin")), ok(big, "application/octet-stream"));
  EXPECT_EQ(
      sent(get("/big.bin", ranged("1048570-1048585"))),
      partial(big, kMiB - 6, kMiB + 9, big.size(), "application/octet-stream"));
  const std::string last = std::to_string(big.size() - 1);
  EXPECT_EQ(
      sent(get("/big.bin", ranged("1-" + last))),
      partial(big, 1, big.size() - 1, big.size(), "application/octet-stream"));
}

TEST_F(Files, ServesTheUnconsumedPathUnderARouter) {  // APP-FILES-4.
  Router router(RouteMap{{"static", app_}});
  EXPECT_EQ(serve(router, get("/static/a.txt")).written,
            ok("hello world\n", "text/plain"));
  EXPECT_EQ(serve(router, get("/static")).written,
            ok("<h1>home</h1>\n", "text/html"));
  EXPECT_EQ(serve(router, get("/static/sub/x.json")).written,
            ok("{}", "application/json"));
}

TEST_F(Files, DirectCallResponse) {
  server::Session s;
  auto r = test::request(Method::get, {"a.txt"}, core::ByteRange{3, 5});
  auto resp = test::response(app_(s, r));
  EXPECT_EQ(resp.status, 206u);
  EXPECT_EQ(resp.reason, "Partial Content");
  EXPECT_EQ(resp.headers,
            (std::vector<core::Header>{{"content-range", "bytes 3-5/12"},
                                       {"content-length", "3"},
                                       {"content-type", "text/plain"}}));
  EXPECT_EQ(resp.body.framing(), core::Framing::of_length(3));
  auto h = test::request(Method::head, {});
  auto head_resp = test::response(app_(s, h));
  EXPECT_EQ(head_resp.body.framing(), core::Framing::none());
  EXPECT_EQ(head_resp.headers,
            (std::vector<core::Header>{{"content-length", "14"},
                                       {"content-type", "text/html"}}));
}

TEST_F(Files, FileShorterThanAnnouncedEndsTheConnection) {  // OUT-BODY-3.
  server::Session s;
  auto r = test::request(Method::get, {"a.txt"});
  auto resp = test::response(app_(s, r));
  ::truncate((dir_.path() + "/a.txt").c_str(), 5);
  io::MemoryTransport t;
  io::Writer w(t);
  auto result = io::write_body(w, resp.body);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(), io::Error::of(io::Errc::stream_too_short));
  EXPECT_TRUE(t.closed());
}

TEST_F(Files, DirectoryIsOpenedOnce) {  // APP-FILES-2.
  const std::string moved = dir_.path() + "-moved";
  std::filesystem::rename(dir_.path(), moved);
  auto ex = run(get("/a.txt"));
  std::filesystem::rename(moved, dir_.path());
  EXPECT_EQ(ex.written, ok("hello world\n", "text/plain"));
}

TEST(FilesAppBuild, PathMustBeAbsoluteAndNormalised) {  // APP-FILES-2.
  TempDir dir;
  EXPECT_NO_THROW(FilesApp{dir.path()});
  EXPECT_NO_THROW(FilesApp{"/"});
  for (const std::string& bad :
       {std::string(""), std::string("relative"), std::string("./x"),
        dir.path() + "/", dir.path() + "/.", dir.path() + "/../x",
        "/" + dir.path(), dir.path() + "//x", std::string("//"),
        std::string("/tmp\0x", 6)}) {
    EXPECT_THROW(FilesApp{bad}, std::invalid_argument) << bad;
  }
}

TEST(FilesAppBuild, DirectoryMustExist) {  // APP-FILES-2.
  TempDir dir;
  dir.write("file", "x");
  EXPECT_THROW(FilesApp{dir.path() + "/missing"}, std::system_error);
  EXPECT_THROW(FilesApp{dir.path() + "/file"}, std::system_error);
}

// file_blocks: the source FilesApp streams from.
TEST(FileBlocks, BlocksOfAtMostOneMiB) {  // APP-FILES-8.
  TempDir dir;
  const std::string big = big_data();
  dir.write("big", big);
  auto fd = std::make_shared<const OwnedFd>(
      ::open((dir.path() + "/big").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_GE(fd->get(), 0);
  auto source = file_blocks(fd, 0, big.size());
  std::vector<std::size_t> sizes;
  std::string all;
  for (;;) {
    auto block = source();
    ASSERT_TRUE(block.ok());
    if (!*block) {
      break;
    }
    sizes.push_back((*block)->size());
    all += **block;
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{kMiB, 12345}));
  EXPECT_EQ(all, big);

  auto part = file_blocks(fd, 10, 5);
  auto block = part();
  ASSERT_TRUE(block.ok() && *block);
  EXPECT_EQ(**block, big.substr(10, 5));
  auto end = part();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);

  // Beyond the end of the file the source ends early.
  auto beyond = file_blocks(fd, big.size() - 2, 10);
  auto two = beyond();
  ASSERT_TRUE(two.ok() && *two);
  EXPECT_EQ((*two)->size(), 2u);
  auto early = beyond();
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(*early);
}

TEST(FileBlocks, ReadErrorIsASystemError) {
  TempDir dir;
  dir.mkdir("d");
  auto fd = std::make_shared<const OwnedFd>(
      ::open((dir.path() + "/d").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  auto block = file_blocks(fd, 0, 1)();
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.error(), io::Error::system(EISDIR));
}

}  // namespace
}  // namespace degu::apps
