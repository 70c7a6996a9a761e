package org.vigil.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Keeps reading a keep-alive HTTP/1.1 connection after every response (issue 16: one browser sign-in in seven hung).
 * Reactor Netty 1.3.6 and 1.3.7 stop reading a connection when a request that arrived while the previous response was
 * still finishing is then answered at once: the buffered request is dispatched, its trailing (empty) content is drained
 * after it, and nothing asks the socket for more, so the next request on that connection is never read and its client
 * waits for ever; the connection's idle timeout is not armed either (reactor/reactor-netty#4361, fixed upstream after
 * 1.3.7). The sign-in hits exactly that order: {@code GET /session} is answered off the event loop (the new session's
 * id is made on another thread), {@code GET /oauth2/authorization/vigil-dashboard} arrives meanwhile and is answered at
 * once from the session, and the browser's {@code GET /oauth2/authorize} then waited for ever, never read, so never
 * forwarded either. Once a response's last part is written, this asks for one more read, as Reactor Netty itself does
 * on its normal path; a read too many is harmless, since a request that arrives early is buffered as usual until the
 * current one is done. Remove it once the Reactor Netty in use has the fix (KeepAliveReadsIT shows whether it does).
 */
@Configuration(proxyBeanMethods = false)
class KeepAliveReads {

    @Bean
    NettyServerCustomizer keepAliveReadsCustomizer() {
        return KeepAliveReads::resumeReadsAfterEveryResponse;
    }

    static HttpServer resumeReadsAfterEveryResponse(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpTrafficHandler, "vigilKeepAliveReads",
                        new ReadAfterResponse());
            }
        });
    }

    /** Outbound, in front of the traffic handler: sees each response's last part on its way to the socket. */
    private static final class ReadAfterResponse extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (!(message instanceof LastHttpContent)) {
                context.write(message, promise);
                return;
            }
            ChannelPromise written = promise.unvoid();
            // After the write, and as a task of its own: the traffic handler drains its buffered requests in the task
            // that is running now, so the read is asked for once that is over.
            written.addListener(future -> context.executor().execute(() -> {
                if (context.channel().isActive()) {
                    context.read();
                }
            }));
            context.write(message, written);
        }
    }
}
