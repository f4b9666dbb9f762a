// config_test.cc: the TLS configuration rules (TLS-CONFIG-1, TLS-PATH-1,
// TLS-SERVER-1, TLS-CLIENT-1, TLS-CLIENTAUTH-2, TLS-CLIENTAUTH-3,
// TLS-VERIFY-2, TLS-HOSTNAME-1), driven by vectors/tls_config.json, plus
// the struct-level checks and to_json.
#include "degu/tls/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace degu::tls {
namespace {

using nlohmann::json;

// Vector: one test of tls_config.json.
struct Vector {
  std::string side;
  std::string id;
  std::optional<json> config;
  std::optional<std::string> text;
  bool valid = false;
  std::string rule;
  std::string key;
};

// load_vectors: every test of the file, refusing keys it does not know
// (a misspelt key would silently be ignored otherwise).
std::vector<Vector> load_vectors() {
  std::ifstream in(DEGU_TLS_VECTORS);
  std::stringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str());
  const std::set<std::string> known = {"id",     "comment", "config", "text",
                                       "result", "rule",    "key",    "flags"};
  std::vector<Vector> out;
  for (const auto& group : doc.at("groups")) {
    for (const auto& t : group.at("tests")) {
      for (const auto& item : t.items()) {
        if (!known.count(item.key())) {
          ADD_FAILURE() << t.at("id") << ": unknown key " << item.key();
        }
      }
      Vector v;
      v.side = group.at("side").get<std::string>();
      v.id = t.at("id").get<std::string>();
      if (t.contains("text")) {
        v.text = t.at("text").get<std::string>();
      } else {
        v.config = t.at("config");
      }
      v.valid = t.at("result").get<std::string>() == "valid";
      v.rule = t.at("rule").get<std::string>();
      v.key = t.at("key").get<std::string>();
      out.push_back(std::move(v));
    }
  }
  return out;
}

// outcome: nothing when v's configuration is accepted, else the refusal;
// both from JSON text and, when v has a value, from nlohmann::json.
std::optional<Error> outcome(const Vector& v) {
  const std::string text = v.text ? *v.text : v.config->dump();
  std::optional<Error> from_text;
  std::optional<Error> from_value;
  if (v.side == "server") {
    auto c = parse_server_config(text);
    if (!c.ok()) {
      from_text = c.error();
    }
    if (v.config) {
      auto d = server_config_from_json(*v.config);
      if (!d.ok()) {
        from_value = d.error();
      }
    }
  } else {
    auto c = parse_client_config(text);
    if (!c.ok()) {
      from_text = c.error();
    }
    if (v.config) {
      auto d = client_config_from_json(*v.config);
      if (!d.ok()) {
        from_value = d.error();
      }
    }
  }
  if (v.config) {
    EXPECT_EQ(from_text, from_value) << v.id << ": text and value disagree";
  }
  return from_text;
}

TEST(TlsConfigVectors, EachVectorGetsItsVerdict) {
  const auto vectors = load_vectors();
  ASSERT_GE(vectors.size(), 40u);
  std::set<std::string> rules_refused;
  std::set<std::string> ids;
  for (const auto& v : vectors) {
    EXPECT_TRUE(ids.insert(v.id).second) << "repeated id " << v.id;
    const auto e = outcome(v);
    if (v.valid) {
      EXPECT_FALSE(e) << v.id << ": refused: " << describe(*e);
      continue;
    }
    if (!e) {
      ADD_FAILURE() << v.id << ": accepted";
      continue;
    }
    EXPECT_EQ(e->code, Errc::config) << v.id;
    EXPECT_EQ(e->rule, v.rule) << v.id << ": " << e->message;
    EXPECT_EQ(e->key, v.key) << v.id << ": " << e->message;
    // The message names the key it is about.
    EXPECT_NE(e->message.find(v.key), std::string::npos) << v.id;
    rules_refused.insert(e->rule);
  }
  // One refusal at least for every rule of the configuration.
  EXPECT_EQ(rules_refused,
            (std::set<std::string>{"TLS-CONFIG-1", "TLS-PATH-1", "TLS-SERVER-1",
                                   "TLS-CLIENT-1", "TLS-CLIENTAUTH-2",
                                   "TLS-CLIENTAUTH-3", "TLS-VERIFY-2",
                                   "TLS-HOSTNAME-1"}));
}

TEST(TlsConfigVectors, ValidConfigurationsRoundTripThroughToJson) {
  for (const auto& v : load_vectors()) {
    if (!v.valid) {
      continue;
    }
    if (v.side == "server") {
      const auto c = server_config_from_json(*v.config);
      ASSERT_TRUE(c.ok()) << v.id;
      const auto back = server_config_from_json(to_json(*c));
      ASSERT_TRUE(back.ok()) << v.id;
      EXPECT_EQ(*back, *c) << v.id;
    } else {
      const auto c = client_config_from_json(*v.config);
      ASSERT_TRUE(c.ok()) << v.id;
      const auto back = client_config_from_json(to_json(*c));
      ASSERT_TRUE(back.ok()) << v.id;
      EXPECT_EQ(*back, *c) << v.id;
    }
  }
}

TEST(TlsConfig, ParsedValuesLandInTheStruct) {
  const auto s = parse_server_config(
      R"({"cert_file": "/c", "key_file": "/k", "ca_path": "/d"})");
  ASSERT_TRUE(s.ok()) << describe(s.error());
  EXPECT_EQ(*s, (ServerTlsConfig{"/c", "/k", std::nullopt, "/d", false}));
  const auto c = parse_client_config(R"({"ca_file": "/ca"})");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->check_hostname);  // TLS-HOSTNAME-1: the default.
  EXPECT_EQ(c->ca_file, "/ca");
  const auto off =
      parse_client_config(R"({"ca_file": "/ca", "check_hostname": false})");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->check_hostname);
}

TEST(TlsConfig, CheckPathExplainsEachProblem) {
  EXPECT_FALSE(check_path("ca_path", "/"));
  EXPECT_FALSE(check_path("ca_file", "/a/b.c/..d/.e"));
  const std::pair<std::string, std::string> bad[] = {
      {"", "empty"},        {"a/b", "relative"},
      {"/a/", "ends with"}, {"/a//b", "\"//\""},
      {"/a/./b", "\".\""},  {"/a/..", "\"..\""},
      {"/./a", "\".\""},    {std::string("/a\0b", 4), "NUL"}};
  for (const auto& [path, why] : bad) {
    const auto e = check_path("cert_file", path);
    ASSERT_TRUE(e) << path;
    EXPECT_EQ(e->rule, "TLS-PATH-1");
    EXPECT_EQ(e->key, "cert_file");
    EXPECT_NE(e->message.find(why), std::string::npos) << e->message;
  }
}

TEST(TlsConfig, StructChecksApplyTheSameRules) {
  // Configurations built in code, not read from JSON, meet the same rules.
  ServerTlsConfig s{"/c", "/k", "/ca", std::nullopt, true};
  auto e = check_server_config(s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rule, "TLS-CLIENTAUTH-2");
  s.ca_file.reset();
  EXPECT_FALSE(check_server_config(s));
  s.allow_unauthenticated_clients = false;
  e = check_server_config(s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rule, "TLS-CLIENTAUTH-3");
  s.key_file = "k";
  e = check_server_config(s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rule, "TLS-PATH-1");

  ClientTlsConfig c;
  EXPECT_FALSE(check_client_config(c));
  c.check_hostname = false;
  e = check_client_config(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rule, "TLS-VERIFY-2");
  c.ca_path = "/etc/ssl/certs";
  EXPECT_FALSE(check_client_config(c));
  c.key_file = "/k";
  e = check_client_config(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rule, "TLS-CLIENT-1");
}

TEST(TlsConfig, DescribeNamesKindRuleAndMessage) {
  const auto e = parse_client_config(R"({"check_hostname": 1})");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(describe(e.error()),
            "config (TLS-HOSTNAME-1): check_hostname must be a boolean, got "
            "number 1");
}

}  // namespace
}  // namespace degu::tls
