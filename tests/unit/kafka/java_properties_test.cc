#include "common/kafka/java_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace causeway::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(JavaProperties, ReadsBothSeparatorsAndTrimsBlanks) {
  constexpr char kText[] = R"(sasl.username=causeway
  sasl.password :  s3cret   
ssl.key.password	=	other
client.id value after blank
)";
  EXPECT_THAT(ParseJavaProperties(kText),
              ElementsAre(Pair("client.id", "value after blank"), Pair("sasl.password", "s3cret"),
                          Pair("sasl.username", "causeway"), Pair("ssl.key.password", "other")));
}

TEST(JavaProperties, SkipsCommentsAndBlankLines) {
  constexpr char kText[] = R"(# a comment = not a key
   ! another one
	
a=1
#b=2
)";
  EXPECT_THAT(ParseJavaProperties(kText), ElementsAre(Pair("a", "1")));
}

TEST(JavaProperties, AcceptsEveryLineEnding) {
  EXPECT_THAT(ParseJavaProperties("a=1\r\nb=2\rc=3\nd=4"),
              ElementsAre(Pair("a", "1"), Pair("b", "2"), Pair("c", "3"), Pair("d", "4")));
}

TEST(JavaProperties, JoinsContinuedLinesDroppingTheirIndentation) {
  EXPECT_THAT(ParseJavaProperties("key = one, \\\n      two, \\\n  three\nnext=x\n"),
              ElementsAre(Pair("key", "one, two, three"), Pair("next", "x")));
}

TEST(JavaProperties, AnEvenRunOfBackslashesDoesNotContinue) {
  EXPECT_THAT(ParseJavaProperties("a=x\\\\\nb=y\n"), ElementsAre(Pair("a", "x\\"), Pair("b", "y")));
}

TEST(JavaProperties, ACommentLineIsNeverContinued) {
  EXPECT_THAT(ParseJavaProperties("# comment \\\na=1\n"), ElementsAre(Pair("a", "1")));
}

TEST(JavaProperties, AContinuationAtTheEndOfTheFileEndsTheValue) {
  EXPECT_THAT(ParseJavaProperties("a=1\\"), ElementsAre(Pair("a", "1")));
}

TEST(JavaProperties, DecodesEscapes) {
  EXPECT_THAT(ParseJavaProperties(R"(key\=with\:separators\ and\ blanks = a\tb\nc\\d\#e
u=\u00e9\u20AC\uD83D\uDE00
lone=\uD800x
bad=\uZZ
)"),
              ElementsAre(Pair("bad", "uZZ"), Pair("key=with:separators and blanks", "a\tb\nc\\d#e"),
                          Pair("lone", "\xEF\xBF\xBDx"), Pair("u", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80")));
}

TEST(JavaProperties, AnEscapedTrailingBlankIsKept) {
  EXPECT_THAT(ParseJavaProperties("a=x\\ \nb=y \\  \n"), ElementsAre(Pair("a", "x "), Pair("b", "y  ")));
}

TEST(JavaProperties, AKeyWithoutValueIsEmpty) {
  EXPECT_THAT(ParseJavaProperties("alone\nsep=\n"), ElementsAre(Pair("alone", ""), Pair("sep", "")));
}

TEST(JavaProperties, OnlyTheFirstSeparatorSeparates) {
  EXPECT_THAT(ParseJavaProperties("a = =b:c\nurl: http://x:1/y\n"),
              ElementsAre(Pair("a", "=b:c"), Pair("url", "http://x:1/y")));
}

TEST(JavaProperties, TheLastOfARepeatedKeyWins) {
  EXPECT_THAT(ParseJavaProperties("a=1\na=2\n"), ElementsAre(Pair("a", "2")));
}

}  // namespace
}  // namespace causeway::kafka
