package org.vigil.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Lets the characters that people type unencoded in a query string, above all the {@code |} of a FHIR token
 * ({@code ?code=http://loinc.org|8867-4}, as curl sends it), through the gateway. Spring parses the request line with
 * java.net.URI, which refuses them, and the request would end as a bare 400. Right after Netty has decoded the request
 * line, they are percent-encoded in the query, which is what a strict client would have sent in the first place; the
 * path is left alone, so the gateway's path guards see what the client sent.
 */
@Configuration(proxyBeanMethods = false)
class LenientQueryCharacters {

    /** Characters java.net.URI refuses in a query, with their percent-encoding. */
    private static final String UNSAFE = "|^`{}[]\\\"<> ";

    @Bean
    NettyServerCustomizer lenientQueryCharactersCustomizer() {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "vigilLenientQuery", new Encoder());
            }
        });
    }

    static String encodeQuery(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        StringBuilder encoded = null;
        for (int i = query + 1; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (UNSAFE.indexOf(c) >= 0) {
                if (encoded == null) {
                    encoded = new StringBuilder(uri.length() + 16).append(uri, 0, i);
                }
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else if (encoded != null) {
                encoded.append(c);
            }
        }
        return encoded == null ? uri : encoded.toString();
    }

    private static final class Encoder extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request) {
                request.setUri(encodeQuery(request.uri()));
            }
            context.fireChannelRead(message);
        }
    }
}
