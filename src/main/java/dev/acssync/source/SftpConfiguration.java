package dev.acssync.source;

import java.io.File;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which SFTP files (name, size, modification time) were handled: kept on disk so a restart does not redo them. */
@Configuration(proxyBeanMethods = false)
class SftpConfiguration {

    @Bean
    public IdempotentRepository sftpProcessedFiles(SyncProperties sync) {
        return FileIdempotentRepository.fileIdempotentRepository(sync.dataDir().resolve("sftp-processed.txt").toFile(), 10_000);
    }
}
