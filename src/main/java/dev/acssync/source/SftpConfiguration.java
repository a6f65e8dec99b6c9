package dev.acssync.source;

import java.io.File;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which SFTP files (name, size, modification time) were handled: kept on disk so a restart does not redo them. */
@Configuration(proxyBeanMethods = false)
public class SftpConfiguration {

    @Bean
    public IdempotentRepository sftpProcessedFiles(@Value("${sync.data-dir}") String dataDir) {
        return FileIdempotentRepository.fileIdempotentRepository(new File(dataDir, "sftp-processed.txt"), 10_000);
    }
}
