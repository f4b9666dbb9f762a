// incremental_reader.cc: the reader model.
#include "incremental_reader.h"

#include <optional>

#include "degu/core/parse.h"
#include "degu/core/scan.h"

namespace degu::conformance {
namespace {

using cli::Json;

// Feed: the pieces of a stream, handed out one at a time.
class Feed {
 public:
  Feed(std::string_view stream, const Cuts& cuts) : stream_(stream) {
    std::size_t at = 0;
    for (std::size_t cut : cuts) {
      if (cut > at && cut < stream.size()) {
        ends_.push_back(cut);
        at = cut;
      }
    }
    ends_.push_back(stream.size());
  }

  // more: appends the next piece to buffered; false at end of input.
  bool more(std::string& buffered) {
    if (next_ >= ends_.size()) {
      return false;
    }
    const std::size_t begin = next_ == 0 ? 0 : ends_[next_ - 1];
    buffered.append(stream_.substr(begin, ends_[next_] - begin));
    ++next_;
    return true;
  }

 private:
  std::string_view stream_;
  std::vector<std::size_t> ends_;
  std::size_t next_ = 0;
};

// Element: where a scanned element ends, or the rejection.
struct Element {
  std::optional<core::Scan> scan;
  Json rejection;
};

// read_element: scans buffered[from..] after every piece until the element
// is complete, rejected, or the input ends.
template <typename ScanFn>
Element read_element(Feed& feed, std::string& buffered, std::size_t from,
                     ScanFn scan) {
  while (true) {
    const auto now = scan(std::string_view(buffered).substr(from), false);
    if (!now.ok()) {
      return {std::nullopt, cli::rejected(core::shifted(now.failure(), from))};
    }
    if (now->complete) {
      return {*now, nullptr};
    }
    if (!feed.more(buffered)) {
      const auto last = scan(std::string_view(buffered).substr(from), true);
      if (!last.ok()) {
        return {std::nullopt,
                cli::rejected(core::shifted(last.failure(), from))};
      }
      return {*last, nullptr};
    }
  }
}

// read_chunked_body: line, data + CRLF, ... until the empty chunk.
Json read_chunked_body(Feed& feed, std::string& buffered) {
  Json chunks = Json::array();
  std::size_t at = 0;
  while (true) {
    const Element line = read_element(feed, buffered, at, core::scan_chunk_line);
    if (!line.scan) {
      return line.rejection;
    }
    const auto parsed = core::parse_chunk_line(
        std::string_view(buffered).substr(at, line.scan->size));
    if (!parsed.ok()) {
      return cli::rejected(core::shifted(parsed.failure(), at));
    }
    const std::size_t data_at = at + line.scan->consumed;
    const std::size_t need = data_at + parsed->size + 2;
    while (buffered.size() < need) {
      if (!feed.more(buffered)) {
        return cli::rejected(
            {core::Error::chunk_data_incomplete, buffered.size()});
      }
    }
    const auto end = core::check_chunk_data_end(
        std::string_view(buffered).substr(data_at + parsed->size, 2));
    if (!end.ok()) {
      return cli::rejected(core::shifted(end.failure(), data_at + parsed->size));
    }
    Json extension = nullptr;
    if (parsed->extension) {
      extension = Json{{"key", parsed->extension->key},
                       {"value", parsed->extension->value}};
    }
    chunks.push_back(Json{
        {"size", parsed->size},
        {"extension", extension},
        {"data_hex",
         cli::hex(std::string_view(buffered).substr(data_at, parsed->size))}});
    at = need;
    if (parsed->size == 0) {
      return Json{{"ok", true}, {"chunks", chunks}, {"consumed", at}};
    }
  }
}

}  // namespace

Json read_in_pieces(std::string_view stream, const Cuts& cuts,
                    const cli::Options& options) {
  Feed feed(stream, cuts);
  std::string buffered;
  if (options.kind == cli::Kind::chunked_body) {
    return read_chunked_body(feed, buffered);
  }
  const Element element =
      options.kind == cli::Kind::chunk_line
          ? read_element(feed, buffered, 0, core::scan_chunk_line)
          : read_element(feed, buffered, 0, core::scan_preamble);
  if (!element.scan) {
    return element.rejection;
  }
  cli::Options whole = options;
  whole.wire = false;
  Json out = cli::verdict(
      std::string_view(buffered).substr(0, element.scan->size), whole);
  if (options.wire && out["ok"] == true) {
    out["consumed"] = element.scan->consumed;
  }
  return out;
}

}  // namespace degu::conformance
