// SPDX-License-Identifier: GPL-3.0-or-later
#include <zlib.h>

#include <QTest>

#include "core/server/spdy.h"

using kubelab::core::server::SpdyFrame;
using kubelab::core::server::SpdyFramer;

namespace {

std::string be32(std::uint32_t v)
{
    return {char(v >> 24), char(v >> 16 & 0xff), char(v >> 8 & 0xff), char(v & 0xff)};
}

std::string controlFrame(std::uint16_t version, std::uint16_t type, std::uint8_t flags, const std::string& body)
{
    return be32(0x80000000u | std::uint32_t(version) << 16 | type) + be32(std::uint32_t(flags) << 24 | body.size()) +
           body;
}

/// A client's header blocks: one zlib stream with the SPDY/3 dictionary, as spdystream writes them.
class ClientHeaders {
public:
    ClientHeaders()
    {
        deflateInit(&m_z, Z_BEST_COMPRESSION);
        const std::string& d = kubelab::core::server::spdyHeaderDictionary();
        deflateSetDictionary(&m_z, reinterpret_cast<const Bytef*>(d.data()), uInt(d.size()));
    }
    ~ClientHeaders() { deflateEnd(&m_z); }
    std::string block(const std::vector<std::pair<std::string, std::string>>& headers)
    {
        std::string plain = be32(std::uint32_t(headers.size()));
        for (const auto& [name, value] : headers)
            plain += be32(std::uint32_t(name.size())) + name + be32(std::uint32_t(value.size())) + value;
        std::string out(plain.size() + 64, '\0');
        m_z.next_in = reinterpret_cast<Bytef*>(plain.data());
        m_z.avail_in = uInt(plain.size());
        m_z.next_out = reinterpret_cast<Bytef*>(out.data());
        m_z.avail_out = uInt(out.size());
        deflate(&m_z, Z_SYNC_FLUSH);
        out.resize(out.size() - m_z.avail_out);
        return out;
    }

private:
    z_stream m_z{};
};

std::string synStream(ClientHeaders& client, std::uint32_t id, const std::string& type)
{
    return controlFrame(3, 1, 0, be32(id) + be32(0) + std::string(2, '\0') + client.block({{"streamtype", type}}));
}

} // namespace

class TestSpdy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void framesAreRead_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("left");   ///< bytes left for a later read
        QTest::addColumn<QString>("error");
        auto bytes = [](const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); };
        const std::string data = be32(3) + be32(0x01000003) + "abc";
        QTest::newRow("a data frame") << bytes(data) << 1 << 0 << QString();
        QTest::newRow("a partial head") << bytes(data.substr(0, 7)) << 0 << 7 << QString();
        QTest::newRow("a partial body") << bytes(data.substr(0, 10)) << 0 << 10 << QString();
        QTest::newRow("two frames and a part") << bytes(data + data + data.substr(0, 9)) << 2 << 9 << QString();
        QTest::newRow("ping") << bytes(SpdyFramer::ping(7)) << 1 << 0 << QString();
        QTest::newRow("SPDY/2") << bytes(controlFrame(2, 6, 0, be32(1))) << 0 << 0
                                << QString("SPDY protocol error: version 2 (3 expected)");
        QTest::newRow("unknown type") << bytes(controlFrame(3, 5, 0, be32(1))) << 0 << 0
                                      << QString("SPDY protocol error: unknown control frame type 5");
        QTest::newRow("short SYN_STREAM") << bytes(controlFrame(3, 1, 0, be32(1))) << 0 << 0
                                          << QString("SPDY protocol error: control frame too short");
        QTest::newRow("header block not zlib")
            << bytes(controlFrame(3, 1, 0, be32(1) + be32(0) + std::string(2, '\0') + "garbage")) << 0 << 0
            << QString("SPDY protocol error: bad header block");
    }

    void framesAreRead()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, frames);
        QFETCH(int, left);
        QFETCH(QString, error);
        SpdyFramer framer;
        std::string in = bytes.toStdString();
        auto read = framer.read(in);
        if (!error.isEmpty()) {
            QVERIFY(!read);
            QCOMPARE(QString::fromStdString(read.error().message), error);
            return;
        }
        QVERIFY(read);
        QCOMPARE(int(read->size()), frames);
        QCOMPARE(int(in.size()), left);
    }

    void dataAndPing()
    {
        SpdyFramer framer;
        std::string in = SpdyFramer::data(5, "hello", true) + SpdyFramer::ping(9);
        auto read = framer.read(in);
        QVERIFY(read && read->size() == 2);
        QCOMPARE(int((*read)[0].type), int(SpdyFrame::Type::Data));
        QCOMPARE((*read)[0].stream, 5u);
        QCOMPARE((*read)[0].flags, SpdyFramer::kFlagFin);
        QCOMPARE((*read)[0].data, std::string("hello"));
        QCOMPARE(int((*read)[1].type), int(SpdyFrame::Type::Ping));
        QCOMPARE((*read)[1].stream, 9u);
    }

    /// kubectl's SYN_STREAMs: header blocks continuing one zlib stream that starts from the
    /// SPDY/3 dictionary.
    void streamsNameTheirType()
    {
        ClientHeaders client;
        SpdyFramer framer;
        std::string in = synStream(client, 1, "error"); // compressed in this order
        in += synStream(client, 3, "stdout");
        auto read = framer.read(in);
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(int(read->size()), 2);
        QCOMPARE((*read)[0].stream, 1u);
        QCOMPARE((*read)[0].headers.at("streamtype"), std::string("error"));
        QCOMPARE((*read)[1].stream, 3u);
        QCOMPARE((*read)[1].headers.at("streamtype"), std::string("stdout"));
        // A frame read later goes on with the same stream.
        in = synStream(client, 5, "stderr");
        read = framer.read(in);
        QVERIFY(read && read->size() == 1);
        QCOMPARE((*read)[0].headers.at("streamtype"), std::string("stderr"));
    }

    /// The server's SYN_REPLY: an empty header block on its own zlib stream.
    void repliesDecode()
    {
        SpdyFramer server;
        std::string first = server.synReply(1);
        std::string second = server.synReply(3);
        z_stream z{};
        inflateInit(&z);
        for (const std::string& frame : {first, second}) {
            QCOMPARE(std::uint8_t(frame[0]), std::uint8_t(0x80));
            QCOMPARE(int(frame[3]), 2); // SYN_REPLY
            std::string block = frame.substr(12);
            char out[64];
            z.next_in = reinterpret_cast<Bytef*>(block.data());
            z.avail_in = uInt(block.size());
            z.next_out = reinterpret_cast<Bytef*>(out);
            z.avail_out = sizeof out;
            QCOMPARE(inflate(&z, Z_SYNC_FLUSH), Z_OK);
            QCOMPARE(int(sizeof out - z.avail_out), 4); // zero pairs
            QCOMPARE(std::string(out, 4), std::string(4, '\0'));
        }
        inflateEnd(&z);
    }
};

QTEST_MAIN(TestSpdy)
#include "tst_spdy.moc"
